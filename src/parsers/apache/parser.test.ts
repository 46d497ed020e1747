import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseApache, splitApacheArgs, type ApacheDirective } from './parser.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');

function walk(list: readonly ApacheDirective[], visit: (d: ApacheDirective) => void): void {
  for (const d of list) {
    visit(d);
    if (d.section) walk(d.section, visit);
  }
}

describe('parseApache', () => {
  test("Debian's apache2.conf: sections, includes, quoted LogFormat", () => {
    const { model, errors } = parseApache(fixture('apache2.conf'), '/etc/apache2/apache2.conf');
    assert.deepEqual(errors, []);
    const includes = model.directives.filter((d) => /^include/i.test(d.name)).map((d) => d.args[0]);
    assert.deepEqual(includes, ['mods-enabled/*.load', 'mods-enabled/*.conf', 'ports.conf', 'conf-enabled/*.conf', 'sites-enabled/*.conf']);
    const dirs = model.directives.filter((d) => d.name === 'Directory').map((d) => d.args[0]);
    assert.deepEqual(dirs, ['/', '/usr/share', '/var/www/']);
    const lf = model.directives.find((d) => d.name === 'LogFormat');
    assert.equal(lf?.args[0], '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"');
  });

  test("Debian's default-ssl.conf: a VirtualHost with nested sections", () => {
    const { model, errors } = parseApache(fixture('default-ssl.conf'), 'd');
    assert.deepEqual(errors, []);
    const vh = model.directives[0];
    assert.equal(vh?.name, 'VirtualHost');
    assert.deepEqual(vh?.args, ['*:443']);
    const names: string[] = [];
    walk(vh?.section ?? [], (d) => names.push(d.name));
    assert.ok(names.includes('SSLEngine') && names.includes('FilesMatch') && names.includes('SSLCertificateKeyFile'));
  });

  test('CRLF and backslash continuation keep the first line number', () => {
    const { model, errors } = parseApache(fixture('crlf-continuation.conf'), 'c');
    assert.deepEqual(errors, []);
    const vh = model.directives[0]!;
    const header = vh.section?.find((d) => d.name === 'Header');
    assert.deepEqual(header?.args, ['always', 'set', 'X-A', 'one two', 'env=HTTPS']);
    assert.equal(header?.source.line, 4);
    assert.equal(vh.section?.find((d) => d.name === 'IfModule')?.section?.[0]?.name, 'RewriteEngine');
  });

  test('mismatched and unclosed sections are errors with lines', () => {
    const { errors } = parseApache(fixture('broken.conf'), 'b');
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [5, '</VirtualHost> closes <Directory> opened on line 3, which is not closed'],
        [6, '</Location> without matching <Location> section'],
        [7, 'section "<Broken" lacks its closing ">"'],
      ],
    );
  });

  test('splitApacheArgs', () => {
    assert.deepEqual(splitApacheArgs(`set X "a \\"b\\"" 'c d'`), ['set', 'X', 'a "b"', 'c d']);
  });

  test('property: never throws, well-formed output', () => {
    const check = (text: string) => {
      const { model, errors } = parseApache(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      walk(model.directives, (d) => assert.ok(d.source.line >= 1 && d.source.line <= n));
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    const tok = fc.constantFrom('<VirtualHost *:80>', '</VirtualHost>', '<IfModule x>', '</IfModule>', 'Header set X 1', '"', '\\', '#', ' ', 'SSLEngine on', '<', '>', '\r');
    fc.assert(fc.property(fc.array(fc.array(tok, { maxLength: 4 }).map((a) => a.join('')), { maxLength: 30 }).map((l) => l.join('\n')), check), { numRuns: 500 });
  });
});
