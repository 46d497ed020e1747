/**
 * Integration with the real netfilter tools, each run in a private network namespace so
 * the host's own firewall is never touched:
 *
 * - iptables-restore / ip6tables-restore load a rules file, iptables-save dumps it back:
 *   the evaluator must answer the same for the file and for the kernel's dump;
 * - nft -f loads a script, `nft -j list ruleset` dumps it as JSON: the script parser and
 *   the JSON parser must lead to the same answers;
 * - the firewall fact on a live target whose commands run in a namespace holding iptables
 *   rules and an nftables table: it must use the dumps, and read iptables-nft's tables from
 *   iptables-save rather than as opaque `xt` expressions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Family } from './addr.ts';
import { accessTo, evaluateFamily, type FamilyEvaluation } from './evaluate.ts';
import { iptablesPipeline } from './from-iptables.ts';
import { nftablesPipeline } from './from-nftables.ts';
import { parseIptablesSave } from '../parsers/iptables/iptables.ts';
import { parseNftables } from '../parsers/nftables/nftables.ts';
import { parseNftJson } from '../parsers/nftables/nft-json.ts';
import type { NftRuleset } from '../parsers/nftables/model.ts';
import firewallFact from '../facts/firewall.ts';
import type { FactContext } from '../core/fact.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { LocalHostTarget, runCommand } from '../target/local-host.ts';
import type { ExecOptions, ExecResult } from '../target/target.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RULE_FIXTURES = path.join(here, '../rules/firewall/fixtures');

const which = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`], { env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' } }).status === 0;
const canUnshare = () => spawnSync('unshare', ['-n', 'true']).status === 0;
const missing = ['iptables-restore', 'iptables-save', 'ip6tables-restore', 'ip6tables-save', 'nft', 'unshare', 'ip'].filter((b) => !which(b));
const skip = process.env.CI
  ? false
  : missing.length > 0
    ? `missing ${missing.join(', ')} (install iptables, nftables, iproute2)`
    : !canUnshare()
      ? 'network namespaces are not available (run as root)'
      : false;

const temps: string[] = [];
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-fw-'));
  temps.push(dir);
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

/** Runs a shell script in a fresh network namespace; its arguments are $1, $2... */
function inNamespace(script: string, ...args: string[]): string {
  const r = spawnSync('unshare', ['-n', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `namespace script failed: ${r.stderr}`);
  return r.stdout;
}

/** What the evaluator says, without the evidence lines (which differ between a file and a dump). */
function summary(ev: FamilyEvaluation): string[] {
  return [
    `filtered=${ev.filtered}`,
    ...ev.ports.map((p) => `${p.protocol} ${p.ports[0]}-${p.ports[1]}: ${p.access.map((a) => `${a.addrs.toString()}${a.conditions.length ? ` if ${a.conditions.join(' and ')}` : ''}`).join(' | ')}`),
  ];
}

const ipt = (text: string, file: string, family: Family) => {
  const p = parseIptablesSave(text, file);
  assert.deepEqual(p.errors, [], `${file} parses`);
  const conv = iptablesPipeline(p.model, family, 'iptables');
  assert.deepEqual(conv.diagnostics, []);
  return evaluateFamily(conv.pipeline);
};

const nftEval = (rs: NftRuleset, family: Family) => {
  const conv = nftablesPipeline(rs, family);
  assert.deepEqual(conv.diagnostics, []);
  return evaluateFamily(conv.pipeline);
};

const COMPLEX_V4 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:services - [0:0]
:ssh-guard - [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID -j DROP
-A INPUT -i lo -j ACCEPT
-A INPUT -m addrtype --dst-type BROADCAST -j DROP
-A INPUT -s 203.0.113.0/24 -m comment --comment "blocked \\"range\\"" -j DROP
-A INPUT -p tcp -m tcp --dport 22 -j ssh-guard
-A INPUT -p tcp -g services
-A INPUT -p udp -m multiport --dports 500,4500 -m iprange --src-range 198.51.100.10-198.51.100.20 -j ACCEPT
-A services -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
-A services -p tcp -m tcp --dport 5432 ! -s 10.0.0.0/8 -j RETURN
-A services -p tcp -m tcp --dport 5432 -j ACCEPT
-A ssh-guard -p tcp -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 5 --name ssh --mask 255.255.255.255 --rsource -j DROP
-A ssh-guard -p tcp -m limit --limit 10/min -j ACCEPT
-A ssh-guard -j RETURN
COMMIT
`;

const COMPLEX_V6 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:web - [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p ipv6-icmp -j ACCEPT
-A INPUT -s fe80::/10 -p udp -m udp --sport 547 --dport 546 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -s 2001:db8:10::/48 -j ACCEPT
-A INPUT -p tcp -j web
-A INPUT -p tcp -m tcp --dport 5432 -s fd00:10::/64 -j ACCEPT
-A web -p tcp -m multiport --dports 80,443 -j ACCEPT
COMMIT
`;

const COMPLEX_NFT = `#!/usr/sbin/nft -f
flush ruleset
define MGMT = { 192.0.2.0/24, 198.51.100.0/25 }
table inet filter {
	set admins6 { type ipv6_addr; flags interval; elements = { 2001:db8:10::/48, fd00::/8 } }
	set web_ports { type inet_service; elements = { 80, 443 } }
	set banned { type ipv4_addr; flags dynamic, timeout; }
	chain input {
		type filter hook input priority filter; policy drop;
		ct state vmap { invalid : drop, established : accept, related : accept }
		iifname "lo" accept
		fib daddr type { broadcast, multicast } drop
		ip saddr @banned drop
		meta l4proto ipv6-icmp accept
		tcp dport vmap { 22 : jump ssh, 5432 : jump db }
		tcp dport @web_ports accept
		udp dport 51820 limit rate 100/second accept
		tcp dport 9000-9100 ip saddr != 10.0.0.0/8 drop
		tcp dport 9000-9100 accept
	}
	chain ssh {
		ip saddr $MGMT accept
		ip6 saddr @admins6 accept
	}
	chain db {
		meta nfproto ipv4 ip saddr 10.0.0.0/16 accept
		return
	}
}
table ip raw {
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		ip saddr 192.0.2.128/25 drop
	}
}
`;

describe('iptables-save round trip in a network namespace', { skip }, () => {
  const cases: [string, string, Family][] = [
    ['sre-example.v4', fs.readFileSync(path.join(here, '../parsers/iptables/fixtures/sre-example.v4'), 'utf8'), 'ipv4'],
    ['rules.v6 (guideline example, IPv6)', fs.readFileSync(path.join(RULE_FIXTURES, 'firewall-missing/pass-sre-allow-list/etc/iptables/rules.v6'), 'utf8'), 'ipv6'],
    ['picasoft rules.v4', fs.readFileSync(path.join(RULE_FIXTURES, 'firewall-ipv6-parity/fail-picasoft-ldap-open-over-ipv6/etc/iptables/rules.v4'), 'utf8'), 'ipv4'],
    ['chains, goto, ranges, recent, limit (v4)', COMPLEX_V4, 'ipv4'],
    ['chains and multiport (v6)', COMPLEX_V6, 'ipv6'],
  ];
  for (const [name, text, family] of cases) {
    test(name, () => {
      const file = tempFile('rules', text);
      const [restore, save] = family === 'ipv4' ? ['iptables-restore', 'iptables-save'] : ['ip6tables-restore', 'ip6tables-save'];
      const dump = inNamespace(`${restore} < "$1" && ${save}`, file);
      const parsed = parseIptablesSave(dump, save);
      assert.deepEqual(parsed.errors, []);
      assert.ok(parsed.model.backend === 'nf_tables' || parsed.model.backend === 'legacy');
      assert.deepEqual(summary(ipt(dump, save, family)), summary(ipt(text, name, family)));
    });
  }

  test('the evaluator\'s answers on the complex ruleset are the expected ones', () => {
    const ev = ipt(COMPLEX_V4, 'complex', 'ipv4');
    const who = (proto: 'tcp' | 'udp', port: number) => accessTo(ev, proto, port).map((a) => a.addrs.toString()).join(' | ');
    assert.equal(who('tcp', 22).includes('203.0.113.0/24'), false);
    assert.equal(who('tcp', 5432), '10.0.0.0/8');
    assert.equal(who('udp', 4500), '198.51.100.10/31, 198.51.100.12/30, 198.51.100.16/30, 198.51.100.20/32');
    assert.equal(who('tcp', 25), '');
  });
});

describe('nft script and nft -j list ruleset agree', { skip }, () => {
  const cases: [string, string][] = [
    ['inet filter with sets and a jump', fs.readFileSync(path.join(here, '../parsers/nftables/fixtures/inet-filter.conf'), 'utf8')],
    ['inet table with defines', fs.readFileSync(path.join(RULE_FIXTURES, 'firewall-ipv6-parity/pass-nftables-inet/etc/nftables.conf'), 'utf8')],
    ['ip table only', fs.readFileSync(path.join(RULE_FIXTURES, 'firewall-ipv6-parity/fail-nftables-ip-family-only/etc/nftables.conf'), 'utf8')],
    ['vmaps, named sets, fib, rates, two tables', COMPLEX_NFT],
    ['variables holding sets, inside sets', fs.readFileSync(path.join(here, '../parsers/nftables/fixtures/nested-variables.conf'), 'utf8')],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      const file = tempFile('nftables.conf', text);
      const json = inNamespace('nft -f "$1" && nft -j list ruleset', file);
      const live = parseNftJson(json, 'nft -j list ruleset');
      assert.deepEqual(live.errors, []);
      const conf = parseNftables(text, name);
      assert.deepEqual(conf.errors, []);
      for (const family of ['ipv4', 'ipv6'] as const) {
        assert.deepEqual(summary(nftEval(live.model, family)), summary(nftEval(conf.model, family)), family);
      }
    });
  }
});

describe('firewall fact on a live target', { skip }, () => {
  const ns = `garrison-test-${process.pid}`;
  let created = false;
  before(() => {
    if (skip) return;
    const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
    assert.equal(add.status, 0, add.stderr);
    created = true;
    const run = (cmd: string, input: string) => {
      const r = spawnSync('ip', ['netns', 'exec', ns, ...cmd.split(' ')], { input, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    run('iptables-restore', fs.readFileSync(path.join(here, '../parsers/iptables/fixtures/sre-example.v4'), 'utf8'));
    run('ip6tables-restore', COMPLEX_V6);
    run('nft -f -', 'table inet extra { chain input { type filter hook input priority 10; policy accept; tcp dport 443 drop; }; }\n');
  });
  after(() => {
    if (created) spawnSync('ip', ['netns', 'del', ns]);
  });

  test('uses the dumps, reads iptables-nft tables once, and applies every table', async () => {
    class NamespacedHost extends LocalHostTarget {
      override exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
        return runCommand('ip', ['netns', 'exec', ns, command, ...args], options);
      }
    }
    const target = new NamespacedHost();
    const diagnostics: string[] = [];
    const ctx: FactContext = {
      target,
      info: await target.info(),
      options: defaultAuditOptions(),
      get: () => Promise.reject(new Error('not needed')),
      diagnostic: (d) => diagnostics.push(`${d.path}:${d.line ?? ''} ${d.message}`),
      parseErrors: (errs) => diagnostics.push(...errs.map((e) => `${e.file}:${e.line} ${e.message}`)),
    };
    const fw = await firewallFact.collect(ctx);
    assert.deepEqual(diagnostics, []);
    assert.equal(fw.live, true, fw.liveFallback ?? '');
    assert.deepEqual(fw.active.map((a) => a.tool).sort(), ['ip6tables', 'iptables', 'nftables']);
    const v4 = fw.families.ipv4;
    assert.equal(accessTo(v4, 'tcp', 5432).map((a) => a.addrs.toString()).join(), '10.0.0.0/16');
    assert.equal(accessTo(v4, 'tcp', 22)[0]!.addrs.isAll(), true);
    assert.deepEqual(accessTo(v4, 'tcp', 443), [], 'the nftables table drops what iptables accepts');
    for (const p of [...v4.ports, ...fw.families.ipv6.ports]) for (const a of p.access) assert.deepEqual(a.conditions, [], 'no opaque xt match left');
    assert.equal(accessTo(fw.families.ipv6, 'tcp', 22).map((a) => a.addrs.toString()).join(), '2001:db8:10::/48');
  });
});
