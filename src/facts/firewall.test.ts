import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessTo } from '../firewall/evaluate.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { ExecOptions, ExecResult, Target, TargetCapabilities } from '../target/target.ts';
import { collectFact, tempTree } from './_testing.ts';
import firewallFact from './firewall.ts';
import { factCollectors } from './index.generated.ts';

const RULE_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../rules/firewall/fixtures');
const collect = (target: Target) => collectFact(firewallFact, target, { others: factCollectors });

const V4 = '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const SYSTEMD = { 'lib/systemd/systemd': '', 'etc/systemd/system/.keep': '' };

describe('firewall fact', () => {
  test('a live target that cannot dump the ruleset falls back to the boot configuration and says so', async () => {
    class NotRoot extends RootDirTarget {
      override readonly capabilities: TargetCapabilities = { live: true, exec: true };
      override async exec(command: string, _args: readonly string[], _o: ExecOptions): Promise<ExecResult> {
        if (command === 'nft') return { ok: false, error: { path: command, code: 'ENOENT', message: 'not found' } };
        return { ok: true, exitCode: 1, stdout: '', stderr: `${command} v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n`, truncated: false };
      }
    }
    const { facts, diagnostics } = await collect(new NotRoot(path.join(RULE_FIXTURES, 'firewall-ipv6-parity/fail-picasoft-ldap-open-over-ipv6')));
    assert.equal(facts.live, false);
    assert.match(facts.liveFallback!, /^iptables-save failed \(exit 1\): .*Permission denied/);
    assert.deepEqual(facts.active.map((a) => [a.tool, a.origin, a.files]), [['iptables-persistent', 'config', ['/etc/iptables/rules.v4']]]);
    assert.deepEqual(facts.active[0]!.missingFiles, { ipv6: '/etc/iptables/rules.v6' });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.path, 'iptables-save');
    assert.match(diagnostics[0]!.message, /run as root/);
  });

  test('ufw enabled takes the filter table over iptables-persistent; a disabled nftables.service does not load', async () => {
    const root = tempTree(
      {
        ...SYSTEMD,
        'etc/ufw/ufw.conf': 'ENABLED=yes\n',
        'etc/default/ufw': 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n',
        'etc/ufw/user.rules': '*filter\n:ufw-user-input - [0:0]\n-A ufw-user-input -p tcp --dport 443 -j ACCEPT\nCOMMIT\n',
        'etc/iptables/rules.v4': V4,
        'etc/nftables.conf': 'table inet f { chain i { type filter hook input priority 0; policy drop; } }\n',
        'lib/systemd/system/ufw.service': '[Unit]\nDescription=Uncomplicated firewall\n[Service]\nType=oneshot\nExecStart=/lib/ufw/ufw-init start quiet\n[Install]\nWantedBy=multi-user.target\n',
        'lib/systemd/system/nftables.service': '[Unit]\nDescription=nftables\n[Service]\nType=oneshot\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n[Install]\nWantedBy=sysinit.target\n',
      },
      { 'etc/systemd/system/multi-user.target.wants/ufw.service': '/lib/systemd/system/ufw.service' },
    );
    const { facts } = await collect(new RootDirTarget(root));
    assert.deepEqual(facts.active.map((a) => a.tool), ['ufw']);
    assert.deepEqual(
      facts.inactive.map((i) => [i.tool, i.reason]),
      [
        ['nftables', 'nftables.service is disabled: /etc/nftables.conf is not loaded at boot'],
        ['iptables-persistent', 'ufw manages the filter table; /etc/iptables/rules.v4 is not what applies'],
      ],
    );
    assert.equal(accessTo(facts.families.ipv4, 'tcp', 443)[0]!.addrs.isAll(), true);
    assert.deepEqual(accessTo(facts.families.ipv4, 'tcp', 22), []);
  });

  test('nft refuses a configuration whose include is missing: nothing loads', async () => {
    const root = tempTree({ 'etc/nftables.conf': 'include "/etc/nftables.d/rules.nft"\ntable inet f { chain i { type filter hook input priority 0; policy drop; } }\n' });
    const { facts, diagnostics } = await collect(new RootDirTarget(root));
    assert.deepEqual(facts.active, []);
    assert.match(facts.inactive[0]!.reason, /nft refuses to load \/etc\/nftables.conf: included file \/etc\/nftables.d\/rules.nft does not exist/);
    assert.equal(facts.families.ipv4.filtered, false);
    assert.ok(diagnostics.some((d) => d.line === 1 && /does not exist/.test(d.message)));
  });

  test('nftables.conf with a glob include, iptables-services files, IPv6 disabled on the kernel command line', async () => {
    const root = tempTree({
      'etc/sysconfig/nftables.conf': 'include "/etc/nftables/*.nft"\n',
      'etc/nftables/main.nft': 'table inet f {\n chain i { type filter hook input priority 0; policy drop;\n  tcp dport 80 accept\n }\n}\n',
      'etc/sysconfig/iptables': V4,
      'etc/default/grub': 'GRUB_CMDLINE_LINUX="quiet ipv6.disable=1"\n',
    });
    const { facts, diagnostics } = await collect(new RootDirTarget(root));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(facts.active.map((a) => [a.tool, a.files]), [
      ['nftables', ['/etc/sysconfig/nftables.conf', '/etc/nftables/main.nft']],
      ['iptables-services', ['/etc/sysconfig/iptables']],
    ]);
    // Both apply: port 80 is accepted by nftables but dropped by iptables' policy.
    assert.deepEqual(accessTo(facts.families.ipv4, 'tcp', 80), []);
    assert.equal(facts.ipv6Disabled?.file, '/etc/default/grub');
  });

  test('firewalld disabled, with its reason', async () => {
    const root = tempTree(
      {
        ...SYSTEMD,
        'etc/firewalld/firewalld.conf': 'DefaultZone=public\n',
        'usr/lib/firewalld/zones/public.xml': '<zone><service name="ssh"/></zone>\n',
        'usr/lib/firewalld/services/ssh.xml': '<service><port protocol="tcp" port="22"/></service>\n',
      },
      { 'etc/systemd/system/firewalld.service': '/dev/null' },
    );
    const { facts } = await collect(new RootDirTarget(root));
    assert.deepEqual(facts.active, []);
    assert.deepEqual(facts.inactive.map((i) => [i.tool, i.reason, i.evidence.line]), [['firewalld', 'firewalld.service is masked', 1]]);
  });
});
