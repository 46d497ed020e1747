import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseLogrotate } from './logrotate.ts';
import type { LogrotateItem, LogrotateStanza } from './logrotate.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');
const stanzas = (items: LogrotateItem[]) => items.flatMap((i) => (i.kind === 'stanza' ? [i.stanza] : []));
const dirs = (s: LogrotateStanza) => s.directives.map((d) => [d.name, ...d.args].join(' '));

describe('parseLogrotate', () => {
  test("Debian 12's logrotate.conf: globals, include, multi-line patterns", () => {
    const { model, errors } = parseLogrotate(fixture('debian12-logrotate.conf'), '/etc/logrotate.conf');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.items.map((i) => (i.kind === 'directive' ? i.directive.name : i.kind === 'include' ? `include ${i.path}` : 'stanza')),
      ['weekly', 'rotate', 'create', 'include /etc/logrotate.d'],
    );
    const r = parseLogrotate(fixture('debian12-rsyslog'), '/etc/logrotate.d/rsyslog');
    assert.deepEqual(r.errors, []);
    const [s] = stanzas(r.model.items);
    assert.deepEqual(s!.patterns, ['/var/log/syslog', '/var/log/mail.log', '/var/log/kern.log', '/var/log/auth.log', '/var/log/user.log', '/var/log/cron.log']);
    assert.equal(s!.source.line, 1);
    assert.deepEqual(dirs(s!), ['rotate 4', 'weekly', 'missingok', 'notifempty', 'compress', 'delaycompress', 'sharedscripts']);
  });

  test('quoted patterns, scripts containing braces, su and create, empty stanza', () => {
    const { model, errors } = parseLogrotate(fixture('central.conf'), 'c');
    assert.deepEqual(errors, []);
    const [a, b] = stanzas(model.items);
    assert.deepEqual(a!.patterns, ['/var/log/remote/*/syslog.log', '/var/log/remote/*/audit.log']);
    assert.deepEqual(dirs(a!), ['daily', 'rotate 30', 'missingok', 'notifempty', 'compress', 'delaycompress', 'create 0640 root adm', 'su root adm', 'sharedscripts']);
    assert.equal(a!.directives[1]!.source.line, 4);
    assert.deepEqual(b!.patterns, ['/var/log/empty.log']);
    assert.deepEqual(b!.directives, []);
  });

  test('CRLF and "{" on its own line', () => {
    const { model, errors } = parseLogrotate(fixture('crlf.conf'), 'c');
    assert.deepEqual(errors, []);
    const [s] = stanzas(model.items);
    assert.deepEqual(s!.patterns, ['/var/log/app.log']);
    assert.deepEqual(dirs(s!), ['weekly', 'rotate 5']);
  });

  test('unterminated script and stanza; stray braces', () => {
    const a = parseLogrotate(fixture('broken.conf'), 'b');
    assert.deepEqual(a.errors.map((e) => [e.line, e.message]), [
      [3, 'script without "endscript"'],
      [1, 'unterminated stanza: missing "}"'],
    ]);
    const b = parseLogrotate(fixture('broken2.conf'), 'b2');
    assert.deepEqual(b.errors.map((e) => e.line), [1, 2, 4, 6, 8]);
  });

  test('property: never throws, lines in range', () => {
    const check = (text: string) => {
      const { model, errors } = parseLogrotate(text, 'p');
      const n = Math.max(1, text.split('\n').length);
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n, `line ${e.line}`);
      for (const s of stanzas(model.items)) for (const d of s.directives) assert.ok(d.source.line <= n);
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
    const tok = fc.constantFrom('/var/log/x', '{', '}', 'rotate 4', 'daily', 'postrotate', 'endscript', 'include /etc/logrotate.d', '"/a b"', '#', 'create 0640 root adm', '');
    fc.assert(fc.property(fc.array(tok, { maxLength: 30 }), (ls) => check(ls.join('\n'))), { numRuns: 500 });
  });

  test('large input', () => {
    const text = Array.from({ length: 20000 }, (_, i) => `/var/log/a${i}.log {\n  daily\n  rotate 7\n}`).join('\n');
    assert.equal(stanzas(parseLogrotate(text, 'big').model.items).length, 20000);
  });
});
