import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { listenerFamilies, portReach } from '../../firewall/exposure.ts';
import { TRUSTED_NETWORKS_PARAM, evidenceOf, listenerEvidence, trusted, unfilteredEvidence } from './_exposure.ts';

export default defineRule({
  id: 'firewall-ipv6-parity',
  family: 'firewall',
  title: 'IPv6 is filtered as strictly as IPv4',
  severity: 'high',
  rationale:
    'IPv4 and IPv6 have separate rule sets (iptables and ip6tables, rules.v4 and rules.v6, `ip` and `ip6` matches). A port restricted over IPv4 but open over IPv6 ' +
    'is simply open: a daemon bound to all addresses answers on the host\'s IPv6 address, which attackers find through DNS AAAA records or scans of the /64. ' +
    'Audits keep finding such gaps, such as an LDAP port filtered over IPv4 and left open over IPv6.',
  description:
    'For each port with a socket that accepts IPv6 connections beyond loopback (a wildcard, dual-stack or IPv6 address), compares who reaches it over IPv4 and over IPv6 ' +
    'in the firewall in force, and fails when IPv6 admits sources outside trustedNetworks broadly (more than a /32) while IPv4 does not. Also fails when IPv4 input is filtered ' +
    'and IPv6 input is not filtered at all (no ip6tables rules, no rules.v6), unless IPv6 is disabled (net.ipv6.conf.all.disable_ipv6 = 1 or ipv6.disable=1).',
  remediation:
    'Give every IPv4 rule its IPv6 counterpart: with iptables-persistent, write /etc/iptables/rules.v6 (ip6tables-restore format, `*filter`, `:INPUT DROP [0:0]`, ' +
    'the same ACCEPT lines with IPv6 sources such as `-s 2001:db8:10::/48`, `-p ipv6-icmp -j ACCEPT` for neighbour discovery) and load it with ' +
    '`netfilter-persistent reload`; with nftables use an `inet` table so one rule set covers both families; with ufw keep `IPV6=yes` in /etc/default/ufw. ' +
    'If the host does not use IPv6, disable it (`net.ipv6.conf.all.disable_ipv6 = 1` in /etc/sysctl.d/) or bind the services to IPv4 addresses only.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Pare-feu' },
    { guideline: '000_a8be9711ada6c275.txt', section: 'OS Firewall Configuration' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Restrictive firewall (allow-listing)' },
  ],
  messages: {
    ipv6Weaker: 'Port {{port}}/{{protocol}} ({{service}}) is {{v4}} over IPv4 but reachable from {{v6sources}} over IPv6',
    ipv6Unfiltered: 'IPv4 input is filtered but IPv6 input is not filtered at all: every IPv6 port is open',
  },
  params: {
    trustedNetworks: TRUSTED_NETWORKS_PARAM,
  },
  requires: ['firewall', 'listeners'],
  check({ firewall, listeners }, report, ctx) {
    if (firewall.ipv6Disabled) return report.pass();
    const t = trusted(ctx);
    const v4filtered = firewall.families.ipv4.filtered;
    const v6filtered = firewall.families.ipv6.filtered;
    const done = new Set<string>();
    for (const l of listeners.listeners) {
      if (l.dockerPublished || !listenerFamilies(l, firewall).includes('ipv6')) continue;
      const k = `${l.protocol}|${l.port}`;
      if (done.has(k)) continue;
      done.add(k);
      const v4 = portReach(firewall, 'ipv4', l.protocol, l.port, t);
      const v6 = portReach(firewall, 'ipv6', l.protocol, l.port, t);
      if (v6.level !== 'open' || v4.level === 'open') continue;
      const evidence: Evidence[] = [...listenerEvidence(l)];
      if (v4.level === 'restricted') for (const v of v4.via) evidence.push(evidenceOf(v, `IPv4 admits only ${v4.sources}`));
      else for (const b of firewall.families.ipv4.bases) if (b.policySource && b.policy === 'drop') evidence.push(evidenceOf(b.policySource, 'IPv4 drops what no rule accepts'));
      if (!v6filtered) evidence.push(...unfilteredEvidence(firewall, 'ipv6'));
      else for (const v of v6.via) evidence.push(evidenceOf(v, `lets IPv6 connections in from ${v6.sources}`));
      report.fail('ipv6Weaker', {
        data: { port: l.port, protocol: l.protocol, service: l.service, v4: v4.level === 'closed' ? 'closed' : `restricted to ${v4.sources}`, v6sources: v6.sources },
        evidence,
        key: k,
      });
    }
    // Reported whether or not a listener is affected today: the next service started is.
    if (v4filtered && !v6filtered) {
      const evidence = unfilteredEvidence(firewall, 'ipv6');
      if (evidence.length === 0) {
        const v4files = firewall.active.filter((a) => a.families.includes('ipv4')).flatMap((a) => a.files);
        for (const f of v4files) evidence.push(fileEvidence(f, 'filters IPv4 only'));
      }
      report.fail('ipv6Unfiltered', { evidence, key: 'ipv6-unfiltered', severity: 'medium' });
    }
  },
});
