import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectFact, tempTree } from './_testing.ts';
import fail2banFact from './fail2ban.ts';
import type { PackagesFacts } from './packages.ts';

const JAIL_CONF = fs.readFileSync(fileURLToPath(new URL('../parsers/fail2ban/fixtures/jail.conf', import.meta.url)), 'utf8');
const PATHS_COMMON = '[INCLUDES]\nafter = paths-overrides.local\n\n[DEFAULT]\ndefault_backend = %(default/backend)s\nsyslog_authpriv = /var/log/auth.log\nsshd_log = %(syslog_authpriv)s\nsshd_backend = %(default_backend)s\n';
const PATHS_DEBIAN = '[INCLUDES]\nbefore = paths-common.conf\nafter  = paths-overrides.local\n\n[DEFAULT]\nsyslog_mail = /var/log/mail.log\n';

function collect(files: Record<string, string>, installed: string[] = []) {
  const packages: PackagesFacts = { dpkg: true, installed: new Map(installed.map((n) => [n, { name: n, status: ['install', 'ok', 'installed'], version: '1', architecture: 'all', line: 1 }])), pathCount: 0, usrMerged: false, owns: () => false };
  return collectFact(fail2banFact, tempTree(files), { others: { packages: { collect: async () => packages } } });
}

const debian = { 'etc/fail2ban/jail.conf': JAIL_CONF, 'etc/fail2ban/paths-common.conf': PATHS_COMMON, 'etc/fail2ban/paths-debian.conf': PATHS_DEBIAN };

describe('fail2ban fact', () => {
  test('Debian defaults: includes first, sshd enabled by defaults-debian.conf, backend and log interpolated', async () => {
    const { facts, diagnostics } = await collect({ ...debian, 'etc/fail2ban/jail.d/defaults-debian.conf': '[sshd]\nenabled = true\n' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(facts.files, ['/etc/fail2ban/paths-common.conf', '/etc/fail2ban/paths-debian.conf', '/etc/fail2ban/jail.conf', '/etc/fail2ban/jail.d/defaults-debian.conf']);
    const sshd = facts.jails.find((j) => j.name === 'sshd')!;
    assert.equal(sshd.enabled, true);
    assert.equal(sshd.enabledSource?.file, '/etc/fail2ban/jail.d/defaults-debian.conf');
    assert.equal(sshd.filter, 'sshd');
    assert.equal(sshd.backend, 'auto');
    assert.deepEqual(sshd.logpaths, ['/var/log/auth.log']);
    assert.equal(sshd.source.line, 274);
    assert.equal(facts.jails.find((j) => j.name === 'apache-auth')?.enabled, false);
  });

  test('precedence: jail.local over jail.d/*.conf, jail.d/*.local last; [DEFAULT] from a later file applies', async () => {
    const { facts } = await collect({
      ...debian,
      'etc/fail2ban/jail.d/defaults-debian.conf': '[sshd]\nenabled = true\n',
      'etc/fail2ban/jail.local': '[DEFAULT]\nbackend = systemd\n\n[sshd]\nenabled = false\n',
      'etc/fail2ban/jail.d/zz-custom.local': '[sshd]\nenabled = yes\n\n[custom-ssh]\nenabled = true\nfilter = sshd[mode=aggressive]\nport = 2222\n',
    });
    const sshd = facts.jails.find((j) => j.name === 'sshd')!;
    assert.equal(sshd.enabled, true);
    assert.equal(sshd.enabledSource?.file, '/etc/fail2ban/jail.d/zz-custom.local');
    assert.equal(sshd.backend, 'systemd');
    const custom = facts.jails.find((j) => j.name === 'custom-ssh')!;
    assert.equal(custom.filter, 'sshd');
    assert.equal(custom.enabled, true);
  });

  test('not installed; other blockers', async () => {
    const { facts } = await collect({ 'etc/sshguard/sshguard.conf': 'BACKEND="/usr/libexec/sshguard/sshg-fw-nft-sets"\n' }, ['crowdsec']);
    assert.equal(facts.installed, false);
    assert.deepEqual(
      facts.others.map((o) => o.name),
      ['sshguard', 'crowdsec'],
    );
  });

  test('existing log files are noted for enabled jails', async () => {
    const { facts } = await collect({ ...debian, 'etc/fail2ban/jail.local': '[sshd]\nenabled = true\n', 'var/log/auth.log': '' });
    assert.ok(facts.existingLogs.has('/var/log/auth.log'));
  });
});
