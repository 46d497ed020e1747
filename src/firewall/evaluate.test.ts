import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Family } from './addr.ts';
import { accessTo, evaluateFamily, type FamilyEvaluation } from './evaluate.ts';
import { iptablesPipeline } from './from-iptables.ts';
import { nftablesPipeline } from './from-nftables.ts';
import type { Protocol } from './ir.ts';
import { emptyPipeline, mergePipeline } from './ir.ts';
import { parseIptablesSave } from '../parsers/iptables/iptables.ts';
import { parseNftables } from '../parsers/nftables/nftables.ts';

function ipt(lines: string[], family: Family = 'ipv4'): FamilyEvaluation {
  const p = parseIptablesSave(lines.join('\n'), 'rules');
  assert.deepEqual(p.errors, []);
  return evaluateFamily(iptablesPipeline(p.model, family, 'iptables').pipeline);
}

function nft(text: string, family: Family): FamilyEvaluation {
  const p = parseNftables(text, 'nftables.conf');
  assert.deepEqual(p.errors, []);
  return evaluateFamily(nftablesPipeline(p.model, family).pipeline);
}

/** "10.0.0.0/16" / "any" / "none", conditional accesses as "addrs if condition". */
function who(ev: FamilyEvaluation, protocol: Protocol, port: number): string {
  const a = accessTo(ev, protocol, port);
  if (a.length === 0) return 'none';
  return a.map((x) => `${x.addrs.isAll() ? 'any' : x.addrs.toString()}${x.conditions.length ? ` if ${x.conditions.join(' and ')}` : ''}`).join(' | ');
}

const filter = (...rules: string[]) => ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT'];

describe('iptables input path', () => {
  test('the guideline example: ports per source, final REJECT in place of a DROP policy', () => {
    const ev = ipt([
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT',
      '-A INPUT -p icmp -j ACCEPT',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -m state --state NEW -m tcp -p tcp --dport 22 -j ACCEPT',
      '-A INPUT -m state --state NEW -m tcp -p tcp --dport 5432 -s 10.0.0.0/16 -j ACCEPT',
      '-A INPUT -p udp --dport 5060 -s 10.0.0.0/16 -j ACCEPT',
      '-A INPUT -j REJECT --reject-with icmp-host-prohibited',
      'COMMIT',
    ]);
    assert.equal(ev.filtered, true);
    assert.equal(who(ev, 'tcp', 22), 'any');
    assert.equal(who(ev, 'tcp', 5432), '10.0.0.0/16');
    assert.equal(who(ev, 'udp', 5060), '10.0.0.0/16');
    assert.equal(who(ev, 'tcp', 5060), 'none');
    assert.equal(who(ev, 'tcp', 3306), 'none');
    assert.equal(accessTo(ev, 'tcp', 5432)[0]!.via[0]!.line, 7);
  });

  test('first match wins, and an earlier drop carves out sources', () => {
    const ev = ipt(filter('-A INPUT -s 10.0.0.0/8 -j DROP', '-A INPUT -p tcp --dport 80 -j ACCEPT', '-A INPUT -p tcp --dport 80 -s 10.1.0.0/16 -j ACCEPT'));
    assert.equal(who(ev, 'tcp', 80), '0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/1');
  });

  test('user chains: RETURN goes back to the next rule, the end of a jumped chain too, goto does not come back', () => {
    const jump = ipt(filter(':only-lan - [0:0]', '-A INPUT -p tcp --dport 8080 -j only-lan', '-A INPUT -p tcp --dport 8080 -j ACCEPT', '-A only-lan -s 192.168.0.0/16 -j RETURN', '-A only-lan -j DROP'));
    assert.equal(who(jump, 'tcp', 8080), '192.168.0.0/16');
    const fall = ipt(filter(':noop - [0:0]', '-A INPUT -j noop', '-A INPUT -p tcp --dport 25 -j ACCEPT', '-A noop -p tcp --dport 1:1024 -j LOG'));
    assert.equal(who(fall, 'tcp', 25), 'any');
    const gotoEv = ipt(filter(':web - [0:0]', '-A INPUT -p tcp -g web', '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A web -p tcp --dport 443 -j ACCEPT'));
    assert.equal(who(gotoEv, 'tcp', 443), 'any');
    assert.equal(who(gotoEv, 'tcp', 22), 'none', 'goto does not return to INPUT, so the policy applies');
  });

  test('conntrack: established and related do not open a port, NEW does, loopback never counts', () => {
    const ev = ipt(filter('-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', '-A INPUT -i lo -j ACCEPT', '-A INPUT -m state ! --state NEW -j ACCEPT', '-A INPUT -p tcp --dport 993 -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT'));
    assert.equal(who(ev, 'tcp', 80), 'none');
    assert.equal(who(ev, 'tcp', 993), 'any');
    assert.equal(who(ipt(filter('-A INPUT ! -i lo -p tcp --dport 80 -j ACCEPT')), 'tcp', 80), 'any');
  });

  test('an ipset or an interface restricts in an unknown way; a negated ipset does not', () => {
    const ev = ipt(filter('-A INPUT -p tcp --dport 6379 -m set --match-set app src -j ACCEPT', '-A INPUT -i wg0 -p tcp --dport 9100 -j ACCEPT', '-A INPUT -m set --match-set blocked src -j DROP', '-A INPUT -p tcp --dport 80 -j ACCEPT'));
    assert.equal(who(ev, 'tcp', 6379), 'any if source in ipset app');
    assert.equal(who(ev, 'tcp', 9100), 'any if arriving on interface wg0');
    assert.equal(who(ev, 'tcp', 80), 'any', 'a sender outside the blocklist gets in');
    const neg = ipt(filter('-A INPUT -m set ! --match-set admins src -j DROP', '-A INPUT -p tcp --dport 22 -j ACCEPT'));
    assert.equal(who(neg, 'tcp', 22), 'any if source in ipset admins');
  });

  test('what the sender controls opens ports: a source-port rule lets anything in', () => {
    const ev = ipt(filter('-A INPUT -p udp --sport 53 -j ACCEPT', '-A INPUT -p tcp -m multiport --ports 80,443 -j ACCEPT'));
    assert.equal(who(ev, 'udp', 11211), 'any');
    assert.equal(who(ev, 'tcp', 6379), 'any');
    const limited = ipt(filter('-A INPUT -p tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 -j DROP', '-A INPUT -p tcp --dport 22 -j ACCEPT'));
    assert.equal(who(limited, 'tcp', 22), 'any');
  });

  test('ranges, multiport lists and negated ports split the port space exactly', () => {
    const ev = ipt(filter('-A INPUT -p tcp -m multiport --dports 8000:8010,9000 -j ACCEPT', '-A INPUT -p udp ! --dport 1:1023 -s 10.0.0.0/8 -j ACCEPT'));
    assert.equal(who(ev, 'tcp', 7999), 'none');
    assert.equal(who(ev, 'tcp', 8005), 'any');
    assert.equal(who(ev, 'tcp', 9000), 'any');
    assert.equal(who(ev, 'udp', 53), 'none');
    assert.equal(who(ev, 'udp', 1024), '10.0.0.0/8');
    const tcp = ev.ports.filter((p) => p.protocol === 'tcp').map((p) => p.ports.join('-'));
    assert.deepEqual(tcp, ['8000-8010', '9000-9000']);
  });

  test('an empty table filters nothing; each table on the path must let the packet through', () => {
    const open = ipt(['*filter', ':INPUT ACCEPT [0:0]', 'COMMIT']);
    assert.equal(open.filtered, false);
    assert.equal(who(open, 'tcp', 1), 'any');
    const staged = ipt(['*raw', ':PREROUTING ACCEPT [0:0]', '-A PREROUTING -s 203.0.113.0/24 -j DROP', 'COMMIT', '*filter', ':INPUT ACCEPT [0:0]', 'COMMIT']);
    assert.equal(who(staged, 'tcp', 80).includes('203.0.113.0/24'), false);
    assert.equal(accessTo(staged, 'tcp', 80)[0]!.addrs.size(), (1n << 32n) - 256n);
  });

  test('IPv6 rules: source prefixes and -4/-6 lines of a shared file', () => {
    const ev = ipt(filter('-A INPUT -p tcp --dport 5432 -s fd00:10::/64 -j ACCEPT', '-4 -A INPUT -j ACCEPT', '-6 -A INPUT -p tcp --dport 22 -j ACCEPT'), 'ipv6');
    assert.equal(who(ev, 'tcp', 5432), 'fd00:10::/64');
    assert.equal(who(ev, 'tcp', 22), 'any');
    assert.equal(who(ev, 'tcp', 80), 'none');
  });

  test('loops and missing targets are diagnosed, not followed forever', () => {
    const p = parseIptablesSave(['*filter', ':INPUT DROP [0:0]', ':a - [0:0]', ':b - [0:0]', '-A INPUT -j a', '-A a -j b', '-A b -j a', '-A INPUT -j NOPE', 'COMMIT'].join('\n'), 'f');
    const conv = iptablesPipeline(p.model, 'ipv4', 'iptables');
    assert.match(conv.diagnostics[0]!.message, /NOPE is neither a chain/);
    const ev = evaluateFamily(conv.pipeline);
    assert.ok(ev.diagnostics.some((d) => /loop/.test(d.message)));
  });

  test('a large ruleset stays fast', () => {
    const rules: string[] = [];
    for (let i = 0; i < 3000; i++) rules.push(`-A INPUT -s 198.${(i >> 8) & 255}.${i & 255}.0/24 -p tcp --dport ${1000 + (i % 500)} -j ACCEPT`);
    const started = Date.now();
    const ev = ipt(filter(...rules));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.ok(who(ev, 'tcp', 1000).startsWith('198.0.0.0/24'));
    assert.deepEqual(ev.diagnostics, []);
    const many: string[] = [];
    for (let i = 0; i < 5000; i++) many.push(`-A INPUT -p tcp --dport ${2000 + i} -s 10.${(i >> 8) & 255}.${i & 255}.0/24 -j ACCEPT`);
    const t2 = Date.now();
    const ev2 = ipt(filter(...many));
    assert.ok(Date.now() - t2 < 10_000, `took ${Date.now() - t2} ms`);
    assert.deepEqual(ev2.diagnostics, [], 'evaluated completely');
    assert.equal(who(ev2, 'tcp', 6999), '10.19.135.0/24');
    assert.equal(ev2.ports.length, 5000);
  });
});

describe('nftables input path', () => {
  const conf = `
    table inet filter {
      set admins { type ipv4_addr; flags interval; elements = { 198.51.100.0/24 } }
      set banned { type ipv4_addr; flags dynamic, timeout; }
      chain input {
        type filter hook input priority filter; policy drop;
        ct state vmap { established : accept, related : accept, invalid : drop }
        iif lo accept
        ip saddr @banned drop
        tcp dport vmap { 22 : jump ssh, 80 : accept, 443 : accept }
        ip6 saddr fd00::/8 tcp dport 5432 accept
        ip saddr 10.0.0.0/8 tcp dport 5432 accept
        meta nfproto ipv6 udp dport 546 accept
        tcp dport < 1024 ip saddr 192.0.2.1 accept
      }
      chain ssh {
        ip saddr @admins accept
        ip6 saddr 2001:db8::/32 accept
      }
    }`;

  test('families of an inet table, vmaps, static and dynamic sets', () => {
    const v4 = nft(conf, 'ipv4');
    const v6 = nft(conf, 'ipv6');
    // Non-admins fall off the end of chain ssh, back to input, where the last rule admits 192.0.2.1.
    assert.equal(who(v4, 'tcp', 22), '192.0.2.1/32, 198.51.100.0/24');
    assert.equal(who(v6, 'tcp', 22), '2001:db8::/32');
    assert.equal(who(v4, 'tcp', 80), 'any');
    assert.equal(who(v6, 'tcp', 443), 'any');
    assert.equal(who(v4, 'tcp', 5432), '10.0.0.0/8');
    assert.equal(who(v6, 'tcp', 5432), 'fd00::/8');
    assert.equal(who(v4, 'udp', 546), 'none');
    assert.equal(who(v6, 'udp', 546), 'any');
    assert.equal(who(v4, 'tcp', 25), '192.0.2.1/32');
    assert.equal(who(v4, 'tcp', 1024), 'none');
  });

  test('every base chain must accept: an accept in one table does not pass another table\'s drop', () => {
    const text = `
      table inet a { chain input { type filter hook input priority 0; policy accept; tcp dport 22 accept } }
      table ip b { chain input { type filter hook input priority 10; policy drop; tcp dport { 22, 80 } accept } }
      table ip c { flags dormant; chain input { type filter hook input priority 20; policy drop; } }`;
    const v4 = nft(text, 'ipv4');
    assert.equal(who(v4, 'tcp', 80), 'any');
    assert.equal(who(v4, 'tcp', 8080), 'none');
    const v6 = nft(text, 'ipv6');
    assert.equal(who(v6, 'tcp', 8080), 'any', 'only the inet table applies to IPv6, and it accepts by policy');
  });

  test('fib and reverse-path checks do not stop a legitimate sender', () => {
    const v4 = nft('table inet f { chain pre { type filter hook prerouting priority raw; fib saddr . iif oif missing drop } chain input { type filter hook input priority 0; policy drop; fib daddr type local tcp dport 80 accept } }', 'ipv4');
    assert.equal(who(v4, 'tcp', 80), 'any');
  });

  test('merged pipelines: iptables and nftables both filter', () => {
    const p4 = emptyPipeline('ipv4');
    mergePipeline(p4, iptablesPipeline(parseIptablesSave(filter('-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp --dport 80 -j ACCEPT').join('\n'), 'r').model, 'ipv4', 'iptables').pipeline);
    mergePipeline(p4, nftablesPipeline(parseNftables('table inet f { chain i { type filter hook input priority 10; policy accept; tcp dport 80 drop } }', 'n').model, 'ipv4').pipeline);
    const ev = evaluateFamily(p4);
    assert.equal(who(ev, 'tcp', 22), 'any');
    assert.equal(who(ev, 'tcp', 80), 'none');
    assert.equal(accessTo(ev, 'tcp', 22)[0]!.via.length, 2, 'one reason per base chain crossed');
  });
});
