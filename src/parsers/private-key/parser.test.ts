import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parsePrivateKeys } from './private-key.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (name: string) => parsePrivateKeys(readFileSync(join(dir, name), 'utf8'), name);

describe('parsePrivateKeys (fixtures are throw-away keys made with ssh-keygen and openssl)', () => {
  const cases: [string, string, string | null, boolean | null, string | null][] = [
    ['openssh-ed25519-clear.key', 'OPENSSH PRIVATE KEY', 'ssh-ed25519', false, 'none'],
    ['openssh-ed25519-encrypted.key', 'OPENSSH PRIVATE KEY', 'ssh-ed25519', true, 'aes256-ctr'],
    ['openssh-ecdsa-encrypted.key', 'OPENSSH PRIVATE KEY', 'ecdsa-sha2-nistp256', true, 'aes256-ctr'],
    ['pem-rsa-clear.key', 'RSA PRIVATE KEY', 'rsa', false, null],
    ['pem-rsa-encrypted.key', 'RSA PRIVATE KEY', 'rsa', true, 'AES-128-CBC'],
    ['sec1-ec-clear.pem', 'EC PRIVATE KEY', 'ec', false, null],
    ['pkcs8-ec-clear.pem', 'PRIVATE KEY', 'ec', false, null],
    ['pkcs8-ed25519-encrypted.pem', 'ENCRYPTED PRIVATE KEY', null, true, null],
    ['putty-clear.ppk', 'PuTTY-User-Key-File-2', 'ssh-rsa', false, 'none'],
    ['putty-encrypted.ppk', 'PuTTY-User-Key-File-3', 'ssh-ed25519', true, 'aes256-cbc'],
  ];
  for (const [file, label, algorithm, encrypted, cipher] of cases) {
    test(file, () => {
      const { model, errors } = read(file);
      assert.deepEqual(errors, []);
      assert.equal(model.keys.length, 1);
      const k = model.keys[0]!;
      assert.deepEqual([k.label, k.algorithm, k.encrypted, k.cipher, k.line], [label, algorithm, encrypted, cipher, 1]);
    });
  }

  test('a certificate followed by its key: the key, at its line', () => {
    const { model } = read('bundle-cert-and-key.pem');
    assert.equal(model.keys.length, 1);
    assert.deepEqual([model.keys[0]!.label, model.keys[0]!.algorithm, model.keys[0]!.encrypted], ['PRIVATE KEY', 'rsa', false]);
    assert.ok(model.keys[0]!.line > 10);
  });

  test('a certificate alone holds no key', () => {
    assert.deepEqual(read('certificate-only.pem'), { model: { file: 'certificate-only.pem', keys: [] }, errors: [] });
  });

  test('damaged blocks: reported, protection unknown', () => {
    const corrupt = read('openssh-corrupt.key');
    assert.deepEqual(corrupt.model.keys.map((k) => k.encrypted), [null]);
    assert.deepEqual(corrupt.errors.map((e) => [e.line, e.message]), [[1, 'OPENSSH PRIVATE KEY block cannot be decoded']]);
    const cut = read('openssh-unterminated.key');
    assert.deepEqual(cut.model.keys.map((k) => k.encrypted), [null]);
    assert.deepEqual(cut.errors.map((e) => e.message), ['OPENSSH PRIVATE KEY block is not terminated']);
  });

  test('the model never holds key material', () => {
    const text = readFileSync(join(dir, 'openssh-ed25519-clear.key'), 'utf8');
    const body = text.split('\n')[1]!;
    assert.ok(!JSON.stringify(read('openssh-ed25519-clear.key')).includes(body.slice(10, 40)));
  });

  test('never throws on any input, including mangled key files', () => {
    const key = readFileSync(join(dir, 'openssh-ed25519-clear.key'), 'utf8');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(fc.nat(key.length), fc.nat(key.length), fc.string({ maxLength: 20 })).map(([a, b, s]) => key.slice(0, Math.min(a, b)) + s + key.slice(Math.max(a, b))),
          fc.array(fc.constantFrom('-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00', '', 'AAAA', 'PuTTY-User-Key-File-2: ssh-rsa', 'Encryption: none')).map((l) => l.join('\n')),
        ),
        (text) => {
          const { model, errors } = parsePrivateKeys(text, 'f');
          for (const k of model.keys) assert.ok(k.line >= 1 && (k.encrypted === null || typeof k.encrypted === 'boolean'));
          for (const e of errors) assert.ok(e.line >= 1 && e.file === 'f');
        },
      ),
    );
  });
});
