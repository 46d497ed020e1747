import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactSecrets, redactValue } from './redact.ts';

test('masks assignments of secret-looking names, keeps the name', () => {
  assert.equal(redactSecrets('MYSQL_ROOT_PASSWORD=s3cr3t-value'), `MYSQL_ROOT_PASSWORD=${redactValue('s3cr3t-value')}`);
  assert.match(redactSecrets('requirepass "foobared123"'), /^requirepass "<redacted sha256:[0-9a-f]{8}>"$/);
  assert.match(redactSecrets('  api_key: abcdef0123456789'), /api_key: <redacted/);
});

test('a URL with credentials behind proxy_pass is still masked', () => {
  assert.doesNotMatch(redactSecrets('proxy_pass http://admin:hunter2@127.0.0.1:8080;'), /hunter2/);
});

test('masks crypt hashes, private keys, URL credentials and bearer tokens', () => {
  const hash = '$6$rounds=5000$saltsalt$' + 'x'.repeat(86);
  assert.ok(!redactSecrets(`root:${hash}:19000:0:99999:7:::`).includes('saltsalt'));
  const yes = '$y$j9T$abcdefghijkl$mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ';
  assert.ok(!redactSecrets(yes).includes('mnopqrstuvwxyz'));
  const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
  assert.equal(redactSecrets(pem), '-----BEGIN OPENSSH PRIVATE KEY----- <redacted>');
  assert.ok(!redactSecrets('postgres://app:Sup3rS3cret@db:5432/app').includes('Sup3rS3cret'));
  assert.ok(!redactSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdef').includes('eyJhbGciOiJIUzI1NiJ9'));
});

test('leaves references, booleans and ordinary settings alone', () => {
  for (const s of ['PasswordAuthentication no', 'DB_PASSWORD_FILE=/run/secrets/db', 'password: ${DB_PASSWORD}', 'PermitEmptyPasswords no', 'ssl_password_file /etc/keys/pass', 'proxy_pass http://127.0.0.1:8080;', 'fastcgi_pass unix:/run/php/php8.2-fpm.sock;', 'grpc_pass grpc://backend:50051;'])
    assert.equal(redactSecrets(s), s);
});

test('a secret value assigned to a secret name never survives (property)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('PASSWORD', 'db_password', 'secret', 'API_KEY', 'token', 'requirepass'),
      fc.constantFrom('=', ': ', ' ', ' = '),
      fc.stringMatching(/^[A-Za-z0-9!%^&*+~]{8,40}$/),
      (name, sep, value) => {
        fc.pre(!/^(yes|no|true|false|on|off|none|null|required|optional|prompt)$/i.test(value));
        const out = redactSecrets(`${name}${sep}${value}`);
        assert.ok(!out.includes(value), `${name}${sep}${value} -> ${out}`);
      },
    ),
  );
});

test('redactSecrets never throws and is idempotent', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const once = redactSecrets(s);
      assert.equal(redactSecrets(once), once);
    }),
  );
});

test('prose mode leaves sentences about secret settings readable', () => {
  assert.equal(redactSecrets('POSTGRES_PASSWORD is given in clear', { prose: true }), 'POSTGRES_PASSWORD is given in clear');
  assert.equal(redactSecrets('PasswordAuthentication is yes for the whole server', { prose: true }), 'PasswordAuthentication is yes for the whole server');
  assert.ok(!redactSecrets('found password=abc123xyz in the file', { prose: true }).includes('abc123xyz'));
  assert.ok(!redactSecrets('requirepass foobared123').includes('foobared123'));
});

test('sudoers tags are not mistaken for passwords', () => {
  for (const s of ['%sudo ALL=(ALL) NOPASSWD: ALL', 'debian ALL=(ALL) NOPASSWD:ALL', 'alice ALL=(root) PASSWD: /usr/bin/apt']) assert.equal(redactSecrets(s), s);
});

test('settings about secrets stay readable when their values are not secrets', () => {
  for (const s of ['ServerTokens OS', 'password_encryption = md5', 'user default on nopass ~* &* +@all', 'password_encryption = scram-sha-256', 'ssl_password_file /etc/keys/pass'])
    assert.equal(redactSecrets(s), s);
  assert.ok(!redactSecrets('requirepass s3cretValue9').includes('s3cretValue9'));
  assert.ok(!redactSecrets('default_pass = guestpass123').includes('guestpass123'));
});
