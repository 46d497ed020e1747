import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseNginx, type NginxDirective } from './parser.ts';
import { isKnownNginxDirective } from './directives.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');

function walk(list: readonly NginxDirective[], visit: (d: NginxDirective) => void): void {
  for (const d of list) {
    visit(d);
    if (d.block) walk(d.block, visit);
  }
}

describe('parseNginx', () => {
  test("Debian's nginx.conf parses without errors, with line numbers", () => {
    const { model, errors } = parseNginx(fixture('debian-nginx.conf'), '/etc/nginx/nginx.conf');
    assert.deepEqual(errors, []);
    const http = model.directives.find((d) => d.name === 'http');
    assert.ok(http?.block);
    const protos = http.block.find((d) => d.name === 'ssl_protocols');
    assert.deepEqual(protos?.args, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.equal(protos?.source.file, '/etc/nginx/nginx.conf');
    assert.match(protos?.source.text ?? '', /ssl_protocols TLSv1 /);
    const includes = http.block.filter((d) => d.name === 'include').map((d) => d.args[0]);
    assert.deepEqual(includes, ['/etc/nginx/mime.types', '/etc/nginx/conf.d/*.conf', '/etc/nginx/sites-enabled/*']);
  });

  test("Debian's default site: server with listen, location and try_files", () => {
    const { model, errors } = parseNginx(fixture('debian-default-site'), 'default');
    assert.deepEqual(errors, []);
    const server = model.directives.find((d) => d.name === 'server');
    assert.deepEqual(server?.block?.filter((d) => d.name === 'listen').map((d) => d.args), [['80', 'default_server'], ['[::]:80', 'default_server']]);
  });

  test('quoted strings with escapes, variables and ${var}', () => {
    const text = `add_header X-A "a \\"q\\" \\\\ b";\nadd_header X-B 'it\\'s';\nset $x \${host}path;\nreturn 301 https://$host$request_uri;\n`;
    const { model, errors } = parseNginx(text, 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.directives[0]?.args, ['X-A', 'a "q" \\ b']);
    assert.deepEqual(model.directives[1]?.args, ['X-B', "it's"]);
    assert.deepEqual(model.directives[2]?.args, ['$x', '${host}path']);
    assert.deepEqual(model.directives[3]?.args, ['301', 'https://$host$request_uri']);
    assert.equal(model.directives[3]?.source.line, 4);
  });

  test('"#" starts a comment only at the start of a word; "}" inside a word is literal', () => {
    const { model, errors } = parseNginx('set $a foo#bar; # comment\nset $b x}y;\n', 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.directives.map((d) => d.args[1]), ['foo#bar', 'x}y']);
  });

  test('a multi-line directive keeps the line where it starts', () => {
    const { model } = parseNginx('\nssl_ciphers\n  "A:B"\n  ;\n', 'f');
    assert.equal(model.directives[0]?.source.line, 2);
    assert.deepEqual(model.directives[0]?.args, ['A:B']);
  });

  test('comments everywhere', () => {
    const { model, errors } = parseNginx(fixture('comments-everywhere.conf'), 'f');
    assert.deepEqual(errors, []);
    const names: string[] = [];
    walk(model.directives, (d) => names.push(d.name));
    assert.deepEqual(names, ['http', 'server', 'listen', 'location', 'return']);
  });

  test('CRLF line endings', () => {
    const { model, errors } = parseNginx(fixture('crlf.conf'), 'f');
    assert.deepEqual(errors, []);
    const h = model.directives[1]?.block?.[0];
    assert.deepEqual(h?.args, ['X-Frame-Options', 'DENY', 'always']);
    assert.equal(h?.source.line, 4);
    assert.doesNotMatch(h?.source.text ?? '', /\r/);
  });

  test('unterminated block: error naming the line of the opened block', () => {
    const { model, errors } = parseNginx(fixture('unterminated-block.conf'), 'u.conf');
    assert.ok(errors.length >= 1);
    assert.ok(errors.some((e) => e.line === 4 && /location.*not closed/.test(e.message)), JSON.stringify(errors));
    assert.ok(errors.every((e) => e.file === 'u.conf'));
    assert.equal(model.directives[0]?.name, 'http');
  });

  test('unknown directive: error with its line; known module directives are accepted', () => {
    const { errors } = parseNginx(fixture('unknown-directive.conf'), 'x');
    assert.deepEqual(errors, [{ file: 'x', line: 2, message: 'unknown directive "frobnicate"' }]);
    for (const d of ['server', 'location', 'add_header', 'ssl_protocols', 'more_set_headers', 'stream', 'proxy_pass', 'js_import']) {
      assert.ok(isKnownNginxDirective(d), d);
    }
  });

  test('entries of types/map blocks are data, not directives', () => {
    const { errors } = parseNginx('http { types { text/html html; } map $a $b { default 0; ~^x 1; } }', 'f');
    assert.deepEqual(errors, []);
  });

  test('unterminated quote, stray braces and semicolons are errors, never exceptions', () => {
    assert.ok(parseNginx(fixture('unterminated-quote.conf'), 'f').errors.some((e) => /unterminated quoted/.test(e.message)));
    assert.deepEqual(parseNginx('}\n', 'f').errors.map((e) => [e.line, e.message]), [[1, 'unexpected "}"']]);
    assert.deepEqual(parseNginx('\n;', 'f').errors.map((e) => [e.line, e.message]), [[2, 'unexpected ";"']]);
    assert.ok(parseNginx('listen 80', 'f').errors.some((e) => /unexpected end of file/.test(e.message)));
    assert.ok(parseNginx('add_header "a"b;', 'f').errors.some((e) => /after a quoted string/.test(e.message)));
  });

  test('huge input stays linear', () => {
    const block = 'server { listen 80; location / { add_header X-A b; } }\n';
    const text = `http {\n${block.repeat(20000)}}\n`;
    const t0 = Date.now();
    const { model, errors } = parseNginx(text, 'big');
    assert.deepEqual(errors, []);
    assert.equal(model.directives[0]?.block?.length, 20000);
    assert.ok(Date.now() - t0 < 3000);
  });

  test('property: never throws, errors and directives are well-formed', () => {
    const check = (text: string) => {
      const { model, errors } = parseNginx(text, 'p');
      const lines = text.split('\n').length;
      for (const e of errors) {
        assert.equal(e.file, 'p');
        assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines, `line ${e.line} of ${lines}`);
      }
      walk(model.directives, (d) => {
        assert.ok(d.source.line >= 1 && d.source.line <= lines);
        assert.equal(typeof d.name, 'string');
        assert.ok(d.args.every((a) => typeof a === 'string'));
      });
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    const token = fc.constantFrom('server', 'listen', '80', '{', '}', ';', '"', "'", '#', '\\', '$', '${x}', 'add_header', ' ', '\n', '\r\n', 'include', 'x;y');
    fc.assert(fc.property(fc.array(token, { maxLength: 80 }).map((a) => a.join(' ')), check), { numRuns: 500 });
    const line = fc.tuple(fc.constantFrom('', '  ', '\t'), fc.constantFrom('location /', 'server', 'http', 'add_header X', 'listen 443 ssl', '# c', '"q', 'if ($x)'), fc.constantFrom(' {', ';', ' }', '', '"', ' # x'));
    fc.assert(fc.property(fc.array(line, { maxLength: 40 }).map((ls) => ls.map((l) => l.join('')).join('\n')), check), { numRuns: 500 });
  });
});
