import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Target } from '../target/target.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { collectFact, LiveRootDirTarget, tempTree } from './_testing.ts';
import systemdFact, { dropInDirNames, parseInetdConf, parseListUnitFiles, parseXinetd } from './systemd.ts';

const collect = (target: Target) => collectFact(systemdFact, target);

describe('helpers', () => {
  test('drop-in directories: unit, template, dash prefixes, type', () => {
    assert.deepEqual(dropInDirNames('foo-bar-baz.service'), ['foo-bar-baz.service.d', 'foo-bar-.service.d', 'foo-.service.d', 'service.d']);
    assert.deepEqual(dropInDirNames('getty@tty1.service'), ['getty@tty1.service.d', 'getty@.service.d', 'service.d']);
  });
  test('systemctl list-unit-files output', () => {
    const m = parseListUnitFiles('ssh.service                            enabled         enabled\nsshd.service alias -\nfoo.service masked enabled\n\n3 unit files listed.\n');
    assert.equal(m.get('ssh.service'), 'enabled');
    assert.equal(m.get('foo.service'), 'masked');
    assert.equal(m.size, 3);
  });
  test('inetd.conf: update-inetd comments, address prefixes', () => {
    const s = parseInetdConf('#<off># telnet stream tcp nowait root /usr/sbin/tcpd /usr/sbin/telnetd\n127.0.0.1:tftp dgram udp wait nobody /usr/sbin/tcpd /usr/sbin/in.tftpd\nbroken line\n', '/etc/inetd.conf');
    assert.deepEqual(
      s.map((x) => [x.service, x.source.line]),
      [['tftp', 2]],
    );
  });
  test('xinetd: disable = yes switches a service off, the default is on', () => {
    const s = parseXinetd('service echo\n{\n\tdisable = yes\n}\nservice telnet\n{\n\tserver = /usr/sbin/in.telnetd # comment\n}\n', '/etc/xinetd.d/x');
    assert.deepEqual(
      s.map((x) => [x.service, x.enabled, x.server]),
      [
        ['echo', false, ''],
        ['telnet', true, '/usr/sbin/in.telnetd'],
      ],
    );
  });
});

describe('collect', () => {
  test('enablement through wants links, aliases, masks, SysV links; unit priority', async () => {
    const dir = tempTree(
      {
        'usr/lib/systemd/systemd': '',
        'usr/lib/systemd/system/ssh.service': '[Service]\nExecStart=/usr/sbin/sshd -D\n',
        'usr/lib/systemd/system/gdm.service': '[Service]\nExecStart=/usr/sbin/gdm3\n',
        'usr/lib/systemd/system/cron.service': '[Service]\nExecStart=/usr/sbin/cron -f\n',
        'etc/init.d/tftpd-hpa': '#!/bin/sh\n',
        'etc/init.d/cron': '#!/bin/sh\n',
        'etc/init.d/README': 'docs\n',
      },
      {
        lib: 'usr/lib',
        'etc/systemd/system/multi-user.target.wants/ssh.service': '/lib/systemd/system/ssh.service',
        'etc/systemd/system/sshd.service': '/lib/systemd/system/ssh.service',
        'etc/systemd/system/display-manager.service': '/lib/systemd/system/gdm3.service',
        'usr/lib/systemd/system/gdm3.service': 'gdm.service',
        'etc/systemd/system/multi-user.target.wants/cron.service': '/lib/systemd/system/cron.service',
        'etc/systemd/system/cron.service': '/dev/null',
        'etc/rc2.d/S01tftpd-hpa': '../init.d/tftpd-hpa',
        'etc/rc3.d/S01cron': '../init.d/cron',
        'usr/lib/systemd/system/default.target': 'graphical.target',
      },
    );
    const { facts, diagnostics } = await collect(new RootDirTarget(dir));
    assert.deepEqual(diagnostics, []);
    assert.equal(facts.present, true);
    assert.equal(facts.enabledVia('ssh.service')[0]?.kind, 'wants');
    assert.equal(facts.enabledVia('sshd.service')[0]?.kind, 'wants', 'an alias resolves to its unit');
    assert.ok(facts.enabledVia('gdm.service').some((e) => e.kind === 'alias'));
    assert.equal(facts.isMasked('cron.service'), true);
    assert.deepEqual(facts.enabledVia('cron.service'), [], 'a masked unit never starts');
    assert.deepEqual(facts.enabledVia('tftpd-hpa.service'), [{ kind: 'sysv', path: '/etc/rc2.d/S01tftpd-hpa' }]);
    assert.deepEqual(
      facts.sysv.map((s) => [s.name, s.hasUnit]),
      [
        ['cron', true],
        ['tftpd-hpa', false],
      ],
    );
    assert.equal(facts.defaultTarget?.name, 'graphical.target');
    assert.equal(facts.units.get('ssh.service')?.dir, '/usr/lib/systemd/system', '/lib is not counted twice');
    assert.equal(facts.live, false);
  });

  test('admin-written units come with their drop-ins in systemd order; linked units are not custom', async () => {
    const dir = tempTree(
      {
        'usr/lib/systemd/systemd': '',
        'etc/systemd/system/app-web.service': '[Service]\nExecStart=/opt/app/web\nUser=app\n',
        'etc/systemd/system/app-web.service.d/20-hardening.conf': '[Service]\nProtectSystem=strict\n',
        'etc/systemd/system/app-.service.d/10-common.conf': '[Service]\nPrivateTmp=yes\n',
        'usr/lib/systemd/system/app-web.service.d/20-hardening.conf': '[Service]\nProtectSystem=no\n',
        'run/systemd/system/service.d/05-all.conf': '[Service]\nNoNewPrivileges=yes\n',
        'usr/lib/systemd/system/nginx.service': '[Service]\nExecStart=/usr/sbin/nginx\n',
        'etc/systemd/system/broken.service': '[Service\nExecStart=/x\n',
      },
      { 'etc/systemd/system/nginx.service': '/usr/lib/systemd/system/nginx.service' },
    );
    const { facts, diagnostics } = await collect(new RootDirTarget(dir));
    assert.deepEqual(
      facts.custom.map((u) => u.name),
      ['app-web.service', 'broken.service'],
    );
    const app = facts.custom[0]!;
    assert.deepEqual(
      app.files.map((f) => f.file),
      ['/etc/systemd/system/app-web.service', '/run/systemd/system/service.d/05-all.conf', '/etc/systemd/system/app-.service.d/10-common.conf', '/etc/systemd/system/app-web.service.d/20-hardening.conf'],
    );
    assert.ok(diagnostics.length > 0 && diagnostics.every((d) => d.path === '/etc/systemd/system/broken.service'), 'the broken unit is reported');
  });

  test('mail and FTP settings, inetd', async () => {
    const dir = tempTree({
      'etc/postfix/main.cf': 'myhostname = mx\ninet_interfaces = 127.0.0.1,\n  [::1]\n',
      'etc/postfix/master.cf': 'smtp      inet  n       -       y       -       -       smtpd\n#submission inet n - y - - smtpd\npickup    unix  n       -       y       60      1       pickup\n',
      'etc/vsftpd.conf': '# comment\nlisten=YES\nssl_enable=YES\n',
      'etc/exim4/update-exim4.conf.conf': "dc_local_interfaces='127.0.0.1 ; ::1'\n",
      'etc/inetd.conf': 'ftp stream tcp nowait root /usr/sbin/tcpd /usr/sbin/ftpd\n',
    });
    const { facts } = await collect(new RootDirTarget(dir));
    assert.equal(facts.present, false);
    assert.equal(facts.daemons.postfix?.inetInterfaces.value, '127.0.0.1, [::1]');
    assert.equal(facts.daemons.postfix?.inetServices?.length, 1);
    assert.equal(facts.daemons.vsftpd?.anonymous.value, 'YES', 'vsftpd default');
    assert.equal(facts.daemons.vsftpd?.anonymous.source, null);
    assert.equal(facts.daemons.vsftpd?.ssl.value, 'YES');
    assert.equal(facts.daemons.exim4?.localInterfaces.value, '127.0.0.1 ; ::1');
    assert.equal(facts.inetd[0]?.service, 'ftp');
  });

  test('live: systemctl adds enabled units the files do not show', async () => {
    const dir = tempTree({ 'usr/lib/systemd/systemd': '' });
    const { facts } = await collect(new LiveRootDirTarget(dir, { systemctl: 'vsftpd.service enabled enabled\ntelnet.socket masked enabled\n' }));
    assert.equal(facts.live, true);
    assert.equal(facts.enabledVia('vsftpd.service')[0]?.kind, 'systemctl');
    assert.equal(facts.isMasked('telnet.socket'), true);
  });
});
