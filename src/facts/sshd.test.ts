import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFact, tempTree } from './_testing.ts';
import sshdFact from './sshd.ts';

const collect = (root: string) => collectFact(sshdFact, root);

describe('sshd fact', () => {
  test('no sshd_config: not installed, nothing to judge, no diagnostic', async () => {
    const { facts, diagnostics } = await collect(tempTree({ 'etc/hostname': 'x\n' }));
    assert.equal(facts.installed, false);
    assert.equal(facts.config, null);
    assert.deepEqual(facts.effective('PasswordAuthentication'), []);
    assert.deepEqual(diagnostics, []);
  });

  test('a FIFO where sshd_config should be is reported, never opened', async () => {
    const root = tempTree({ 'etc/ssh/.keep': '' });
    execFileSync('mkfifo', [path.join(root, 'etc/ssh/sshd_config')]);
    const { facts, diagnostics } = await collect(root);
    assert.equal(facts.installed, true);
    assert.equal(facts.config, null);
    assert.equal(diagnostics[0]?.path, '/etc/ssh/sshd_config');
  });

  test('included FIFOs and dangling links are reported, directories read as empty, links stay inside the root', async () => {
    const root = tempTree(
      {
        'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*\nPasswordAuthentication yes\n',
        'srv/shared/ssh.conf': 'PasswordAuthentication no\n',
      },
      { 'etc/ssh/sshd_config.d/c-dangling': '/nonexistent.conf', 'etc/ssh/sshd_config.d/d-link.conf': '/srv/shared/ssh.conf' },
    );
    const d = path.join(root, 'etc/ssh/sshd_config.d');
    fs.mkdirSync(path.join(d, 'a-dir'));
    execFileSync('mkfifo', [path.join(d, 'b-fifo')]);
    const { facts, diagnostics } = await collect(root);
    assert.deepEqual(
      diagnostics.map((x) => x.path),
      ['/etc/ssh/sshd_config.d/b-fifo', '/etc/ssh/sshd_config.d/c-dangling', '/etc/ssh/sshd_config', '/etc/ssh/sshd_config'],
    );
    const v = facts.effective('passwordauthentication')[0]!;
    assert.equal(v.value, 'no', 'the absolute link resolves inside the audited root');
    assert.equal(v.source?.file, '/etc/ssh/sshd_config.d/d-link.conf');
  });

  test('parse and semantic errors name file and line', async () => {
    const { diagnostics } = await collect(
      tempTree({ 'etc/ssh/sshd_config': 'Include sshd_config.d/*.conf\n', 'etc/ssh/sshd_config.d/x.conf': 'PermitRootLogin maybe\nFrobnicate yes\n' }),
    );
    assert.deepEqual(
      diagnostics.map((d) => `${d.path}:${d.line}: ${d.message}`),
      ['/etc/ssh/sshd_config.d/x.conf:2: Bad configuration option: Frobnicate', '/etc/ssh/sshd_config.d/x.conf:1: unsupported option "maybe".'],
    );
  });

  test('listeners carry the line that asks for them', async () => {
    const { facts } = await collect(tempTree({ 'etc/ssh/sshd_config': 'Port 2222\nListenAddress 127.0.0.1\nListenAddress [::1]:22\n' }));
    assert.deepEqual(
      facts.listens.map((l) => [l.service, l.protocol, l.address, l.port, l.source?.line, l.origin]),
      [
        ['sshd', 'tcp', '127.0.0.1', 2222, 2, 'config'],
        ['sshd', 'tcp', '::1', 22, 3, 'config'],
      ],
    );
  });

  test('files: host keys (default and configured, through links), commands and the directories above them', async () => {
    const root = tempTree(
      {
        'etc/ssh/sshd_config': 'HostKey /etc/ssh/ssh_host_ed25519_key\nHostKey keys/rsa\nAuthorizedKeysCommand /usr/local/bin/keys %u\nAuthorizedKeysCommandUser nobody\n',
        'etc/ssh/ssh_host_ed25519_key': 'k',
        'etc/ssh/ssh_host_ecdsa_key': 'unused but secret',
        'srv/rsa': 'k',
        'usr/local/bin/keys': '#!/bin/sh\n',
        'etc/passwd': 'root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\n',
      },
      { 'keys/rsa': '/srv/rsa' },
    );
    const { facts } = await collect(root);
    assert.deepEqual(facts.hostKeys, ['/etc/ssh/ssh_host_ed25519_key', '/keys/rsa']);
    const roles = Object.fromEntries(facts.files.map((f) => [f.path, f.roles.join(',')]));
    assert.equal(roles['/etc/ssh/ssh_host_ecdsa_key'], 'host-key');
    assert.equal(roles['/keys/rsa'], 'host-key');
    assert.equal(roles['/usr/local/bin/keys'], 'command');
    assert.equal(roles['/usr/local/bin'], 'command-directory');
    assert.equal(roles['/etc/ssh/sshd_config'], 'config');
    const link = facts.files.find((f) => f.path === '/keys/rsa')!;
    assert.equal(link.info.type, 'symlink');
    assert.equal(link.resolved?.type, 'file');
    assert.deepEqual(facts.commands.map((c) => [c.keyword, c.path, c.user]), [['authorizedkeyscommand', '/usr/local/bin/keys', 'nobody']]);
    assert.equal(facts.userNames.get(65534), 'nobody');
  });
});
