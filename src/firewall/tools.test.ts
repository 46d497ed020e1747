import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessTo, evaluateFamily, type FamilyEvaluation } from './evaluate.ts';
import { firewalldPipeline, type FirewalldConfig } from './from-firewalld.ts';
import { ufwPipelines, type UfwInput } from './ufw.ts';
import type { Protocol } from './ir.ts';
import { parseIptablesSave } from '../parsers/iptables/iptables.ts';
import { parseShellAssignments } from '../parsers/ufw/ufw.ts';
import { parseFirewalldService, parseFirewalldZone, type FirewalldService, type FirewalldZone } from '../parsers/firewalld/firewalld.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const UFW_TREE = path.join(here, '../rules/firewall/fixtures/firewall-missing/pass-ufw-enabled/etc');

function who(ev: FamilyEvaluation, protocol: Protocol, port: number): string {
  const a = accessTo(ev, protocol, port);
  if (a.length === 0) return 'none';
  return a.map((x) => `${x.addrs.isAll() ? 'any' : x.addrs.toString()}${x.conditions.length ? ` if ${x.conditions.join(' and ')}` : ''}`).join(' | ');
}

function ufw(defaults: string, userRules?: string): { v4: FamilyEvaluation; v6: FamilyEvaluation } {
  const read = (name: string) => {
    const p = path.join(UFW_TREE, 'ufw', name);
    const text = name === 'user.rules' && userRules !== undefined ? userRules : fs.readFileSync(p, 'utf8');
    const r = parseIptablesSave(text, `/etc/ufw/${name}`);
    assert.deepEqual(r.errors, []);
    return r.model;
  };
  const input: UfwInput = {
    conf: parseShellAssignments('ENABLED=yes\n', '/etc/ufw/ufw.conf').model,
    defaults: parseShellAssignments(defaults, '/etc/default/ufw').model,
    ipv4: { before: read('before.rules'), user: read('user.rules'), after: read('after.rules') },
    ipv6: { before: read('before6.rules'), user: read('user6.rules'), after: read('after6.rules') },
  };
  const p = ufwPipelines(input);
  assert.deepEqual(p.diagnostics, []);
  return { v4: evaluateFamily(p.pipelines.ipv4), v6: evaluateFamily(p.pipelines.ipv6) };
}

describe('ufw', () => {
  test('Debian\'s rules files with `ufw limit ssh`: only SSH and DHCP replies get in', () => {
    const { v4, v6 } = ufw('IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n');
    assert.equal(who(v4, 'tcp', 22), 'any');
    assert.equal(who(v6, 'tcp', 22), 'any');
    assert.equal(who(v4, 'tcp', 80), 'none');
    assert.equal(who(v4, 'tcp', 445), 'none');
    // before.rules accepts DHCP replies (source port 67 to 68), which any sender can forge.
    assert.equal(who(v4, 'udp', 68), 'any');
    assert.equal(v4.ports.filter((p) => p.protocol === 'tcp').length, 1);
  });

  test('an allow rule from a network, the ACCEPT default policy, IPV6=no', () => {
    const user = ['*filter', ':ufw-user-input - [0:0]', '-A ufw-user-input -p tcp --dport 5432 -s 10.0.0.0/16 -j ACCEPT', 'COMMIT'].join('\n');
    const { v4 } = ufw('IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n', user);
    assert.equal(who(v4, 'tcp', 5432), '10.0.0.0/16');
    const open = ufw('IPV6=yes\nDEFAULT_INPUT_POLICY="ACCEPT"\n');
    assert.equal(who(open.v4, 'tcp', 3306), 'any');
    // after.rules sends NetBIOS to the policy, which is ACCEPT here.
    assert.equal(who(open.v4, 'tcp', 445), 'any');
    const noV6 = ufw('IPV6=no\nDEFAULT_INPUT_POLICY="DROP"\n');
    assert.equal(who(noV6.v6, 'tcp', 22), 'none', 'ufw drops IPv6 when it does not manage it');
    const reject = ufw('IPV6=yes\nDEFAULT_INPUT_POLICY="REJECT"\n');
    assert.equal(who(reject.v4, 'tcp', 80), 'none');
  });
});

function firewalld(zones: Record<string, string>, defaultZone = 'public'): { v4: FamilyEvaluation; v6: FamilyEvaluation; diagnostics: string[] } {
  const services = new Map<string, FirewalldService>();
  const svc = (name: string, xml: string) => services.set(name, parseFirewalldService(xml, `/usr/lib/firewalld/services/${name}.xml`).model);
  svc('ssh', '<service><port protocol="tcp" port="22"/></service>');
  svc('dhcpv6-client', '<service><port protocol="udp" port="546"/><destination ipv6="fe80::/64"/></service>');
  svc('postgresql', '<service><port protocol="tcp" port="5432"/></service>');
  svc('web', '<service><include service="http"/><port protocol="tcp" port="443"/></service>');
  svc('http', '<service><port protocol="tcp" port="80"/></service>');
  const zs = new Map<string, FirewalldZone>();
  for (const [n, xml] of Object.entries(zones)) {
    const z = parseFirewalldZone(xml, `/etc/firewalld/zones/${n}.xml`);
    assert.deepEqual(z.errors, []);
    zs.set(n, z.model);
  }
  const cfg: FirewalldConfig = { defaultZone, zones: zs, services };
  const a = firewalldPipeline(cfg, 'ipv4');
  const b = firewalldPipeline(cfg, 'ipv6');
  return { v4: evaluateFamily(a.pipeline), v6: evaluateFamily(b.pipeline), diagnostics: [...a.diagnostics, ...b.diagnostics].map((d) => d.message) };
}

describe('firewalld', () => {
  test('the default zone: services (with includes and per-family destinations), ports, default target', () => {
    const f = firewalld({ public: '<zone><service name="ssh"/><service name="dhcpv6-client"/><service name="web"/><port protocol="udp" port="60000-61000"/></zone>' });
    assert.deepEqual(f.diagnostics, []);
    assert.equal(who(f.v4, 'tcp', 22), 'any');
    assert.equal(who(f.v4, 'tcp', 80), 'any');
    assert.equal(who(f.v4, 'tcp', 443), 'any');
    assert.equal(who(f.v4, 'udp', 60500), 'any');
    assert.equal(who(f.v4, 'udp', 546), 'none');
    assert.equal(who(f.v6, 'udp', 546), 'any');
    assert.equal(who(f.v4, 'tcp', 5432), 'none');
  });

  test('rich rules: priorities, deny before allow, sources of one family', () => {
    const f = firewalld({
      public: [
        '<zone>',
        '<service name="ssh"/>',
        '<rule family="ipv4"><source address="10.0.0.0/16"/><service name="postgresql"/><accept/></rule>',
        '<rule><source address="fd00:10::/64"/><port port="5432" protocol="tcp"/><accept/></rule>',
        '<rule><source address="198.51.100.66"/><drop/></rule>',
        '<rule priority="-1"><source address="10.0.9.0/24"/><reject/></rule>',
        '</zone>',
      ].join(''),
    });
    assert.equal(who(f.v4, 'tcp', 5432), '10.0.0.0/21, 10.0.8.0/24, 10.0.10.0/23, 10.0.12.0/22, 10.0.16.0/20, 10.0.32.0/19, 10.0.64.0/18, 10.0.128.0/17');
    assert.equal(who(f.v6, 'tcp', 5432), 'fd00:10::/64');
    assert.ok(!who(f.v4, 'tcp', 22).includes('198.51.100.66'));
    assert.notEqual(who(f.v4, 'tcp', 22), 'any', 'the denied host is carved out');
  });

  test('zones bound to sources and interfaces; targets ACCEPT and DROP; an unknown service', () => {
    const f = firewalld(
      {
        drop: '<zone target="DROP"></zone>',
        trusted: '<zone target="ACCEPT"><source address="192.168.10.0/24"/></zone>',
        internal: '<zone><interface name="eth1"/><service name="postgresql"/><service name="nfs"/></zone>',
      },
      'drop',
    );
    assert.equal(who(f.v4, 'tcp', 3306), '192.168.10.0/24');
    // Source zones come first: 192.168.10.0/24 is trusted whatever the interface; others on eth1 reach the internal zone.
    const pg = accessTo(f.v4, 'tcp', 5432);
    assert.equal(pg.length, 2);
    assert.equal(pg[0]!.addrs.toString(), '192.168.10.0/24');
    assert.deepEqual(pg[1]!.conditions, ['arriving on interface eth1']);
    assert.equal(pg[1]!.addrs.size(), (1n << 32n) - 256n);
    assert.equal(who(f.v6, 'tcp', 5432), 'any if arriving on interface eth1');
    assert.ok(f.diagnostics.some((d) => /service nfs is not defined/.test(d)));
    const missing = firewalld({ public: '<zone/>' }, 'home');
    assert.ok(missing.diagnostics.some((d) => /default zone home is not defined/.test(d)));
  });
});
