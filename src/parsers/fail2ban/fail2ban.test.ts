import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fail2banBool, parseFail2ban, type Fail2banFile } from './fail2ban.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const opt = (f: Fail2banFile, section: string, name: string) => f.options.filter((o) => o.section === section && o.name === name).at(-1);

describe('parseFail2ban', () => {
  test('jail.conf shipped by Debian 12', () => {
    const { model, errors } = parseFail2ban(fixture('jail.conf'), '/etc/fail2ban/jail.conf');
    assert.deepEqual(errors, []);
    assert.equal(model.sections[0]?.name, 'INCLUDES');
    assert.equal(model.sections.find((x) => x.name === 'sshd')?.source.line, 274);
    assert.equal(opt(model, 'INCLUDES', 'before')?.value, 'paths-debian.conf');
    assert.equal(opt(model, 'DEFAULT', 'enabled')?.value, 'false');
    assert.equal(opt(model, 'DEFAULT', 'filter')?.value, '%(__name__)s[mode=%(mode)s]');
    assert.equal(opt(model, 'sshd', 'backend')?.value, '%(sshd_backend)s');
    assert.equal(opt(model, 'sshd', 'enabled'), undefined);
    // A multi-line value (action_mw) keeps its continuation lines.
    assert.ok(opt(model, 'DEFAULT', 'action_mw')!.value.includes('\n'));
    assert.ok(model.sections.length > 50);
  });

  test('defaults-debian.conf', () => {
    const { model, errors } = parseFail2ban(fixture('defaults-debian.conf'), 'd');
    assert.deepEqual(errors, []);
    assert.equal(opt(model, 'sshd', 'enabled')?.source.line, 2);
  });

  test('inline ; comments, # kept, ":" delimiter, continuation lines', () => {
    const { model, errors } = parseFail2ban(fixture('jail.local'), 'l');
    assert.deepEqual(errors, []);
    assert.equal(opt(model, 'DEFAULT', 'bantime')?.value, '1h');
    assert.equal(opt(model, 'DEFAULT', 'ignoreip')?.value, '127.0.0.1/8 ::1\n192.0.2.0/24');
    assert.equal(opt(model, 'sshd', 'port')?.value, '2222 # a hash is not an inline comment');
    assert.equal(opt(model, 'recidive', 'enabled')?.value, 'yes');
  });

  test('CRLF', () => {
    const { model, errors } = parseFail2ban(fixture('crlf.local'), 'c');
    assert.deepEqual(errors, []);
    assert.equal(opt(model, 'sshd', 'backend')?.value, 'systemd');
  });

  test('broken input', () => {
    const { model, errors } = parseFail2ban(fixture('broken.local'), 'b');
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 2, 4, 5],
    );
    assert.equal(opt(model, 'sshd', 'enabled'), undefined);
    assert.equal(model.sections.length, 2);
  });

  test('option names are lower-cased, section names are not', () => {
    const { model } = parseFail2ban('[SSHD]\nEnabled = True\n', 'f');
    assert.equal(opt(model, 'SSHD', 'enabled')?.value, 'True');
    assert.equal(opt(model, 'sshd', 'enabled'), undefined);
  });

  test('fail2banBool', () => {
    assert.ok(fail2banBool('true') && fail2banBool('Yes') && fail2banBool('1') && fail2banBool(' on '));
    assert.ok(!fail2banBool('false') && !fail2banBool('') && !fail2banBool('enabled'));
  });

  test('huge input', () => {
    const text = `[DEFAULT]\n${'k = v\n  cont\n'.repeat(100_000)}`;
    const t = Date.now();
    assert.equal(parseFail2ban(text, 'f').model.options.length, 100_000);
    assert.ok(Date.now() - t < 3000);
  });

  test('property: never throws, options well-formed', () => {
    const lineArb = fc.oneof(fc.string(), fc.constantFrom('[sshd]', '[', 'enabled = true', '  cont', '; c', '# c', 'a: b', '=', ' [x]'));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((ls) => ls.join('\n'))), (s) => {
        const n = Math.max(1, s.split('\n').length);
        const { model, errors } = parseFail2ban(s, 'x');
        for (const o of model.options) {
          assert.ok(o.name.length > 0);
          assert.equal(o.name, o.name.toLowerCase());
          assert.ok(o.source.line >= 1 && o.source.line <= n);
        }
        for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      }),
    );
  });
});
