import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { keyOption, parseAuthorizedKeys } from './authorized-keys.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseAuthorizedKeys', () => {
  test('options with quoted commas, tabs, comments, refused lines', () => {
    const { model, errors } = parseAuthorizedKeys(fixture('unusual'), '/home/alice/.ssh/authorized_keys');
    assert.deepEqual(model.keys.map((k) => [k.source.line, k.type, k.comment]), [
      [3, 'ssh-ed25519', 'alice@garrison-test-fixture-not-a-real-key'],
      [4, 'ssh-ed25519', 'bob@garrison-test-fixture-not-a-real-key'],
      [5, 'ssh-ed25519', 'deploy@garrison-test-fixture-not-a-real-key'],
      [6, 'ssh-ed25519', ''],
    ]);
    const bob = model.keys[1]!;
    assert.equal(keyOption(bob, 'command'), '/usr/local/bin/backup --target "/srv/b,c"');
    assert.equal(keyOption(bob, 'restrict'), null);
    assert.equal(keyOption(bob, 'pty'), undefined);
    assert.deepEqual(model.keys[2]!.options.map((o) => o.name), ['no-port-forwarding', 'no-x11-forwarding']);
    assert.deepEqual(errors.map((e) => e.line), [7, 8, 9, 10, 11]);
  });

  test('CRLF line ends', () => {
    const { model, errors } = parseAuthorizedKeys(fixture('crlf'), 'k');
    assert.deepEqual(errors, []);
    assert.equal(model.keys.length, 2);
    assert.ok(model.keys.every((k) => !k.comment.endsWith('\r')));
  });

  const noKeygen = existsSync('/usr/bin/ssh-keygen') ? false : 'ssh-keygen is not installed (apt-get install openssh-client)';
  test('fingerprints are those ssh-keygen -l prints', { skip: noKeygen && !process.env.CI ? noKeygen : false }, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'garrison-ak-'));
    try {
      const lines = fixture('crlf').split('\r\n').filter(Boolean);
      const { model } = parseAuthorizedKeys(fixture('crlf'), 'k');
      lines.forEach((line, i) => {
        writeFileSync(join(tmp, 'k.pub'), `${line}\n`);
        const out = execFileSync('/usr/bin/ssh-keygen', ['-l', '-E', 'sha256', '-f', join(tmp, 'k.pub')], { encoding: 'utf8' });
        assert.equal(out.split(' ')[1], model.keys[i]!.fingerprint);
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('never throws; keys keep their line and a valid fingerprint', () => {
    const key = fixture('crlf').split('\r\n')[0]!;
    const line = fc.oneof(
      fc.string(),
      fc.constant(key),
      fc.tuple(fc.array(fc.constantFrom('no-pty', 'restrict', 'command="a,b"', 'from="1.2.3.4"', 'x="', '"', ','), { maxLength: 4 }), fc.constant(key)).map(([o, k]) => `${o.join(',')} ${k}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }).map((l) => l.join('\n')), (text) => {
        const { model, errors } = parseAuthorizedKeys(text, 'f');
        const lines = text.split('\n').length;
        for (const k of model.keys) assert.ok(k.source.line >= 1 && k.source.line <= lines && /^SHA256:[A-Za-z0-9+/]{43}$/.test(k.fingerprint));
        for (const e of errors) assert.ok(e.line >= 1 && e.line <= lines && e.file === 'f');
      }),
    );
  });
});
