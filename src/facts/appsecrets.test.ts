import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { collectFact, tempTree } from './_testing.ts';
import appsecretsFact, { classifyKey, findSecrets, looksSecret } from './appsecrets.ts';

const GROUPS = new Set(['root', 'adm', 'www-data', 'ssl-cert', 'nogroup']);
const kinds = (text: string) => findSecrets(text, '/f', GROUPS).map((s) => `${s.kind}:${s.key}`);

describe('classifyKey', () => {
  test('password-like names, token names, credential pairs', () => {
    for (const k of ['password', 'DB_PASSWORD', 'dbPassword', 'mysql.password', 'smtp_pass', 'bindpw', 'rootpw', 'requirepass', 'ldap_admin_password', 'Passwort'])
      assert.equal(classifyKey(k), 'password', k);
    for (const k of ['SECRET_KEY', 'api_key', 'client_secret', 'auth_token', 'APP_KEY', 'apikey']) assert.equal(classifyKey(k), 'token', k);
    for (const k of ['dme_superuser', 'credentials', 'login']) assert.equal(classifyKey(k), 'pair', k);
  });
  test('settings about passwords are not passwords', () => {
    for (const k of ['password_min_length', 'PASS_MAX_DAYS', 'password_encryption', 'PasswordAuthentication', 'proxy_pass', 'fastcgi_pass', 'bypass', 'password_file', 'auth-user-pass', 'passdb backend', 'token_lifetime', 'public_key', 'key'])
      assert.equal(classifyKey(k), null, k);
  });
});

describe('findSecrets', () => {
  test('the SRE hardening guide sample and common formats', () => {
    assert.deepEqual(kinds('[db]\ndme_superuser=sre:secretpassword\n'), ['credential-pair:dme_superuser']);
    assert.deepEqual(kinds('DB_PASSWORD="s3cret!"\nexport API_TOKEN=8f1d2c3b4a5e6f70\n'), ['password:DB_PASSWORD', 'token:API_TOKEN']);
    assert.deepEqual(kinds('db:\n  password: hunter2\n'), ['password:password']);
    assert.deepEqual(kinds('  "password": "pw123456",\n'), ['password:password']);
    assert.deepEqual(kinds('  "client_secret": "Zx8-Qw7_Er6Ty5",\n'), ['token:client_secret']);
    assert.deepEqual(kinds('url = mysql://app:Pa55word@db:3306/app\n'), ['url:mysql']);
    assert.deepEqual(kinds('machine repo.example.org login deploy password Rep0Pass\n'), ['password:password']);
    assert.deepEqual(kinds('requirepass foobared\n'), ['password:requirepass']);
    assert.deepEqual(kinds('rootpw {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n'), ['hash:rootpw']);
    assert.deepEqual(kinds('Environment="A=1" "DB_PASSWORD=unitPassw0rd"\n'), ['password:DB_PASSWORD']);
    assert.deepEqual(kinds('- POSTGRES_PASSWORD=example123\n'), ['password:POSTGRES_PASSWORD']);
  });

  test('placeholders, references, switches, prose and comments are not secrets', () => {
    const text = [
      '# password = commented',
      '; password = commented',
      'password =',
      'password = ${DB_PASSWORD}',
      'password: "{{ vault_db_password }}"',
      'password = %(db_password)s',
      'password = /run/secrets/db',
      'password_file = /etc/app/pw',
      'password = <your password here>',
      'password = ********',
      'password = none',
      'PasswordAuthentication no',
      'passwd: files systemd',
      'challengePassword = A challenge password',
      'secret = enabled',
      'token = 12345',
      'owner = www-data:www-data',
      'user = nobody:nogroup',
      'user = app:ssl-cert',
      'url = postgres://app:${PW}@db/app',
      'proxy_pass http://backend:8080;',
      'auth-user-pass creds',
    ].join('\n');
    assert.deepEqual(kinds(text), []);
  });

  test('the value never appears in the kept line', () => {
    const hits = findSecrets('db_password = "Sup3r-S3cret"\nurl: redis://:R3disPw@cache:6379/0\n', '/f', GROUPS);
    assert.equal(hits.length, 2);
    for (const h of hits) {
      assert.doesNotMatch(h.source.text, /Sup3r-S3cret|R3disPw/);
      assert.match(h.source.text, /<redacted sha256:[0-9a-f]{8}>/);
    }
    assert.equal(hits[0]!.source.line, 1);
    // A value that also occurs inside the option name is still the one masked.
    const [w] = findSecrets('password = word\n', '/f', GROUPS);
    assert.equal(w!.source.text.startsWith('password = <redacted'), true, w!.source.text);
  });

  test('looksSecret keeps real tokens and drops words', () => {
    assert.ok(looksSecret('k3j4h5g6f7d8', 'token'));
    assert.ok(!looksSecret('bearer', 'token'));
    assert.ok(!looksSecret('12345678', 'token'));
    assert.ok(looksSecret('1234', 'password'));
  });

  test('property: never throws; a found value never stays in the kept line', () => {
    const line = fc.oneof(fc.string(), fc.constantFrom('password = x1', 'a://u:p@h', 'Environment=', 'token: "', '[db]'));
    fc.assert(
      fc.property(fc.array(line), (lines) => {
        for (const h of findSecrets(lines.join('\n'), '/f', GROUPS)) assert.ok(h.source.line >= 1 && h.source.line <= Math.max(1, lines.length));
      }),
    );
    const secret = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9!%+=_-]{7,29}$/).filter((v) => /\d/.test(v) && /[A-Za-z]/.test(v));
    fc.assert(
      fc.property(secret, fc.constantFrom('DB_PASSWORD=', 'password = ', 'password: ', 'api_key = "', 'url = postgres://u:'), (v, prefix) => {
        const text = prefix.startsWith('url') ? `${prefix}${v}@h/db` : `${prefix}${v}${prefix.endsWith('"') ? '"' : ''}`;
        const hits = findSecrets(text, '/f', GROUPS);
        assert.equal(hits.length, 1, text);
        assert.ok(!hits[0]!.source.text.includes(v), hits[0]!.source.text);
      }),
    );
  });
});

describe('collect', () => {
  test('only files others can reach and read; compose projects and samples left out', async () => {
    const dir = tempTree({
      'etc/group': 'root:x:0:\nwww-data:x:33:\n',
      'etc/app/app.ini': '[db]\npassword = Visible1\n',
      'etc/app/private.ini': '[db]\npassword = Hidden22\n',
      'opt/closed/app.conf': 'password = Closed33\n',
      'srv/stack/compose.yaml': 'services: {}\n',
      'srv/stack/.env': 'POSTGRES_PASSWORD=Compose44\n',
      'srv/web/.env.example': 'DB_PASSWORD=Example55\n',
      'srv/web/.env': 'DB_PASSWORD=Laravel66\n',
      'etc/ssl/private/x.cnf': 'password = Skipped77\n',
    });
    fs.chmodSync(path.join(dir, 'etc/app/private.ini'), 0o640);
    fs.chmodSync(path.join(dir, 'opt/closed'), 0o750);
    const { facts } = await collectFact(appsecretsFact, dir);
    assert.deepEqual(facts.secrets.map((s) => s.path).sort(), ['/etc/app/app.ini', '/srv/web/.env']);
    assert.equal(facts.truncated, false);
    assert.ok(facts.secrets.every((s) => (s.mode & 0o004) !== 0));
  });
});
