import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseShadow } from './shadow.ts';
import { classifyPassword, displayPasswordField, hashAlgorithm } from './password-field.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseShadow', () => {
  test('Debian 12 default: locked system accounts, one yescrypt user', () => {
    const { model, errors } = parseShadow(fixture('debian12.shadow'), '/etc/shadow');
    assert.deepEqual(errors, []);
    const states = Object.fromEntries(model.entries.map((e) => [e.name, e.password.state]));
    assert.equal(states.root, 'disabled');
    assert.equal(states['systemd-network'], 'locked');
    assert.equal(states.messagebus, 'locked');
    const alice = model.entries.find((e) => e.name === 'alice')!;
    assert.deepEqual(alice.password.state === 'hash' && alice.password.algorithm, 'yescrypt');
    assert.deepEqual([alice.lastChange, alice.minDays, alice.maxDays, alice.warnDays, alice.inactiveDays, alice.expireDay], [19737, 0, 99999, 7, null, null]);
    assert.match(alice.source.text, /^alice:<redacted sha256:[0-9a-f]{8}>:19737:0:99999:7:::$/);
    assert.doesNotMatch(JSON.stringify(model), /\$y\$/);
  });

  test('unusual input: every kind of field, old 5-field lines, bad numbers', () => {
    const { model, errors } = parseShadow(fixture('unusual.shadow'), 's');
    const by = new Map(model.entries.map((e) => [e.name, e]));
    const state = (n: string) => {
      const p = by.get(n)!.password;
      return p.state === 'hash' ? `hash:${p.algorithm}` : p.state === 'locked' ? `locked:${p.hashed}` : p.state;
    };
    assert.deepEqual(
      ['root', 'locked', 'rhel', 'solaris', 'empty', 'des', 'md5', 'bcrypt', 'sha256', 'oldformat', 'plaintext'].map(state),
      ['disabled', 'locked:true', 'locked:false', 'disabled', 'empty', 'hash:descrypt', 'hash:md5crypt', 'hash:bcrypt', 'hash:sha256crypt', 'disabled', 'disabled'],
    );
    assert.equal(by.get('expired')!.expireDay, 1);
    assert.equal(by.get('oldformat')!.maxDays, 99999);
    assert.equal(by.get('badnumbers')!.lastChange, null);
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [10, 'shadow entry has 5 fields instead of 9'],
        [12, 'shadow entry "badnumbers": field 3 is not a number'],
        [14, 'shadow entry has 1 field(s), needs 9: line ignored'],
        [15, 'shadow entry without a user name: line ignored'],
      ],
    );
    const text = JSON.stringify({ model, errors });
    for (const secret of ['hunter2', 'abl9M1hdrb7nw', 'saltsalt', 'c2FsdHNhbHRzYWx0']) assert.ok(!text.includes(secret), secret);
    assert.equal(by.get('plaintext')!.source.text.split(':')[1]!.startsWith('<redacted'), true);
  });
});

describe('password fields', () => {
  test('hash schemes are recognised by prefix and shape', () => {
    const cases: [string, string | null][] = [
      ['$y$j9T$salt$hash', 'yescrypt'],
      ['$gy$j9T$salt$hash', 'gost-yescrypt'],
      ['$7$CU..../....salt$hash', 'scrypt'],
      ['$2y$10$abcdefghijklmnopqrstuu', 'bcrypt'],
      ['$6$rounds=5000$salt$hash', 'sha512crypt'],
      ['$5$salt$hash', 'sha256crypt'],
      ['$sha1$40000$salt$hash', 'sha1crypt'],
      ['$md5,rounds=904$salt$hash', 'sunmd5'],
      ['$1$salt$hash', 'md5crypt'],
      ['$3$$8846f7eaee8fb117ad06bdd830b7586c', 'nthash'],
      ['_J9..saltBqvsEGrvLa2', 'bsdicrypt'],
      ['abl9M1hdrb7nw', 'descrypt'],
      ['$argon2id$v=19$m=65536$salt$hash', 'unknown'],
      ['*', null],
      ['NP', null],
      ['*LK*', null],
      ['hunter2', null],
    ];
    for (const [field, algorithm] of cases) assert.equal(hashAlgorithm(field), algorithm, field);
  });

  test('classification in passwd and shadow', () => {
    assert.deepEqual(classifyPassword('x', true), { state: 'shadowed' });
    assert.deepEqual(classifyPassword('##alice', true), { state: 'shadowed' });
    assert.deepEqual(classifyPassword('x', false), { state: 'disabled' });
    assert.deepEqual(classifyPassword('', false), { state: 'empty' });
    assert.deepEqual(classifyPassword('!', false), { state: 'locked', hashed: false });
    assert.deepEqual(classifyPassword('!!$6$s$h', false), { state: 'locked', hashed: true });
    assert.deepEqual(classifyPassword('*', false), { state: 'disabled' });
  });

  test('display keeps markers and hides everything else', () => {
    for (const marker of ['', 'x', '*', '!', '!!', '!*', '##bob']) assert.equal(displayPasswordField(marker), marker);
    assert.match(displayPasswordField('!$6$s$h'), /^!<redacted sha256:[0-9a-f]{8}>$/);
    assert.match(displayPasswordField('xx'), /^<redacted/);
    assert.match(displayPasswordField('*LK*'), /^<redacted/);
  });
});

const shadowLine = fc.oneof(
  fc.array(fc.stringMatching(/^[^:\n]{0,10}$/), { minLength: 1, maxLength: 11 }).map((f) => f.join(':')),
  fc.string(),
  fc.constantFrom('', '#', 'root:*:19000:0:99999:7:::', 'a:!$y$j9T$s$h:1:2:3:4:5:6:7'),
);

describe('parseShadow properties', () => {
  test('never throws; errors and entries are well formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(shadowLine).map((l) => l.join('\n'))), (text) => {
        const { model, errors } = parseShadow(text, 'f');
        const lines = text.split('\n').length;
        for (const e of model.entries) {
          assert.ok(e.name !== '' && e.source.line >= 1 && e.source.line <= lines);
          for (const n of [e.lastChange, e.minDays, e.maxDays, e.warnDays, e.inactiveDays, e.expireDay]) assert.ok(n === null || (Number.isInteger(n) && n >= 0));
        }
        for (const e of errors) assert.ok(e.file === 'f' && e.line >= 1 && e.line <= lines);
      }),
    );
  });

  test('no password field survives in the model or the errors', () => {
    fc.assert(
      fc.property(fc.constantFrom('', '!', '!!', '$6$', '$y$j9T$', '_'), fc.stringMatching(/^[A-Za-z0-9./]{8,30}$/), (prefix, body) => {
        const out = JSON.stringify(parseShadow(`u:${prefix}${body}:1:2:3:4:5:6:\nv:${prefix}${body}`, 'f')).replace(/<redacted sha256:[0-9a-f]{8}>/g, '');
        assert.ok(!out.includes(body), out);
      }),
    );
  });
});
