import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collectFact, tempTree } from './_testing.ts';
import accounts from './accounts.ts';
import keys from './keys.ts';

const KEYS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../parsers/private-key/fixtures');
const key = (name: string) => fs.readFileSync(path.join(KEYS, name), 'utf8');
const PUB = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../parsers/authorized-keys/fixtures/crlf'), 'utf8').split('\r\n')[0]!;

const collect = (dir: string) => collectFact(keys, dir, { others: { accounts } });

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\n';

describe('keys fact', () => {
  test('finds keys in homes, conventional directories and by name; tells their purpose', async () => {
    const dir = tempTree(
      {
        'etc/passwd': PASSWD,
        'home/alice/.ssh/id_ed25519': key('openssh-ed25519-encrypted.key'),
        'home/alice/.ssh/backup_key_without_conventional_name': key('openssh-ed25519-clear.key'),
        'home/alice/.ssh/id_ed25519.pub': PUB,
        'home/alice/.ssh/known_hosts': PUB,
        'root/.ssh/id_rsa': key('pem-rsa-clear.key'),
        'etc/ssh/ssh_host_ed25519_key': key('openssh-ed25519-clear.key'),
        'etc/ssl/private/site.key': key('pkcs8-ec-clear.pem'),
        'etc/pki/tls/private/legacy.pem': key('sec1-ec-clear.pem'),
        'etc/letsencrypt/archive/ex.org/privkey1.pem': key('pkcs8-ec-clear.pem'),
        'srv/app/config/tls/server.pem': key('bundle-cert-and-key.pem'),
        'srv/app/config/tls/chain.pem': key('certificate-only.pem'),
        'srv/app/node_modules/pkg/test/fixture.key': key('pkcs8-ec-clear.pem'),
        'srv/a/b/c/d/e/f/g/deep.key': key('pkcs8-ec-clear.pem'),
        'opt/tool/id_deploy': key('openssh-ed25519-clear.key'),
        'home/alice/putty.ppk': key('putty-clear.ppk'),
      },
      { 'etc/letsencrypt/live/ex.org/privkey.pem': '../../archive/ex.org/privkey1.pem', 'home/alice/.ssh/linked_key': '/etc/ssh/ssh_host_ed25519_key' },
    );
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(diagnostics, []);
    const found = Object.fromEntries(facts.privateKeys.map((k) => [k.path, [k.purpose, k.keys.map((b) => b.encrypted).join(',')]]));
    assert.deepEqual(found, {
      '/home/alice/.ssh/id_ed25519': ['ssh-user', 'true'],
      '/home/alice/.ssh/backup_key_without_conventional_name': ['ssh-user', 'false'],
      '/root/.ssh/id_rsa': ['ssh-user', 'false'],
      '/etc/ssh/ssh_host_ed25519_key': ['ssh-host', 'false'],
      '/etc/ssl/private/site.key': ['tls', 'false'],
      '/etc/pki/tls/private/legacy.pem': ['tls', 'false'],
      '/etc/letsencrypt/archive/ex.org/privkey1.pem': ['tls', 'false'],
      '/srv/app/config/tls/server.pem': ['tls', 'false'],
      '/opt/tool/id_deploy': ['ssh-user', 'false'],
      '/home/alice/putty.ppk': ['ssh-user', 'false'],
    });
    assert.deepEqual(facts.privateKeys.find((k) => k.path === '/root/.ssh/id_rsa')!.homeOf, ['root']);
    assert.doesNotMatch(JSON.stringify(facts), /AAAA|MII/, 'no key material in the fact');
  });

  test('authorized_keys: every home once, shared homes name all their accounts, links followed inside the root', async () => {
    const dir = tempTree(
      {
        'etc/passwd': PASSWD,
        'home/alice/.ssh/authorized_keys': `${PUB}\n`,
        'bin/.ssh/authorized_keys2': `${PUB}\n`,
        'srv/keys/root': `# root keys\n${PUB}\n`,
      },
      { 'root/.ssh/authorized_keys': '/srv/keys/root' },
    );
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(diagnostics, []);
    const files = Object.fromEntries(facts.authorizedKeys.map((f) => [f.path, [f.users.join(','), f.keys.length, f.symlink]]));
    assert.deepEqual(files, {
      '/root/.ssh/authorized_keys': ['root', 1, true],
      '/home/alice/.ssh/authorized_keys': ['alice', 1, false],
      '/bin/.ssh/authorized_keys2': ['bin,sync', 1, false],
    });
    const alice = facts.authorizedKeys.find((f) => f.users.includes('alice'))!;
    assert.equal(alice.dirInfo!.type, 'dir');
    assert.equal(alice.homeInfo!.path, '/home/alice');
  });

  test('hostile: a FIFO as authorized_keys, a link loop, a broken key line', async () => {
    const dir = tempTree({ 'etc/passwd': PASSWD, 'home/alice/.ssh/authorized_keys2': 'ssh-ed25519 !!!\n' }, { 'home/alice/.ssh/id_loop': 'id_loop', 'home/alice/.ssh/authorized_keys': 'authorized_keys' });
    fs.mkdirSync(path.join(dir, 'root/.ssh'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'root/.ssh/authorized_keys')]);
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(facts.privateKeys, []);
    assert.deepEqual(facts.authorizedKeys.map((f) => [f.path, f.keys.length]), [['/home/alice/.ssh/authorized_keys2', 0]]);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.line]).sort(),
      [['/home/alice/.ssh/authorized_keys', undefined], ['/home/alice/.ssh/authorized_keys2', 1], ['/root/.ssh/authorized_keys', undefined]],
    );
  });
});
