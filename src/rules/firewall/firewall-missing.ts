import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { Family } from '../../firewall/addr.ts';
import { listenerFamilies, openShare } from '../../firewall/exposure.ts';
import { TRUSTED_NETWORKS_PARAM, evidenceOf, familyName, listenerEvidence, trusted, unfilteredEvidence } from './_exposure.ts';

/** Above this share of TCP ports open to anywhere, a ruleset allows by default. */
const PERMISSIVE_SHARE = 0.5;
const MAX_LISTED = 5;

export default defineRule({
  id: 'firewall-missing',
  family: 'firewall',
  title: 'A host firewall allows only what is needed',
  severity: 'high',
  rationale:
    'Without a host firewall every service that listens beyond loopback, including ones installed later or started by mistake, is reachable by anyone who can route ' +
    'to the host. A firewall that accepts everything by default only blocks what someone thought of; an allow-list (default drop, then the few ports and networks needed) ' +
    'keeps new and forgotten services closed. Cloud security groups do not replace it: they are configured elsewhere and often by other people.',
  description:
    'Looks at the firewall in force (live ruleset, else what iptables-persistent, iptables-services, nftables, ufw or firewalld load at boot) on a host with at least one ' +
    'service listening beyond loopback. Fails when neither IPv4 nor IPv6 input is filtered (no rules, or the configured tool is disabled), when a family\'s input accepts ' +
    'every new TCP and UDP connection from anywhere (an accept policy with no dropping rule), or when more than half of its TCP ports are open to sources outside trustedNetworks ' +
    '(a deny-list instead of an allow-list). A family with no rules while the other is filtered is reported by firewall-ipv6-parity.',
  remediation:
    'Enable an allow-list firewall that drops by default: on Debian `apt install iptables-persistent` and write /etc/iptables/rules.v4 and rules.v6 with ' +
    '`:INPUT DROP [0:0]`, `-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`, `-A INPUT -i lo -j ACCEPT` and one ACCEPT line per needed port and source ' +
    '(then `systemctl enable --now netfilter-persistent`); or set `policy drop;` in the input chain of /etc/nftables.conf and `systemctl enable --now nftables`; ' +
    'or `ufw default deny incoming`, `ufw allow 22/tcp`, `ufw enable`; or firewalld with its default zone (`firewall-cmd --set-default-zone=public`).',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Restrictive firewall (white listing)' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Local VM firewall' },
    { guideline: '000_a8be9711ada6c275.txt', section: 'OS Firewall Configuration' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Firewall/Networking' },
  ],
  messages: {
    noFirewall: 'No firewall filters incoming connections while {{count}} service port(s) listen beyond loopback ({{examples}})',
    acceptAll: '{{family}} input accepts every new connection from anywhere: the firewall in force filters nothing',
    permissive: '{{family}} input accepts new connections from anywhere on {{share}}% of TCP ports: the firewall allows by default instead of listing what is allowed',
  },
  params: {
    trustedNetworks: TRUSTED_NETWORKS_PARAM,
  },
  requires: ['firewall', 'listeners'],
  check({ firewall, listeners }, report, ctx) {
    const t = trusted(ctx);
    const families: Family[] = firewall.ipv6Disabled ? ['ipv4'] : ['ipv4', 'ipv6'];
    const exposed = listeners.listeners.filter((l) => listenerFamilies(l, firewall).length > 0);
    if (exposed.length === 0) return report.pass();
    if (!families.some((f) => firewall.families[f].filtered)) {
      const evidence: Evidence[] = [];
      for (const i of firewall.inactive) evidence.push(evidenceOf(i.evidence, `${i.tool}: ${i.reason}`));
      for (const l of exposed.slice(0, MAX_LISTED)) evidence.push(...listenerEvidence(l));
      if (evidence.length === 0) evidence.push(fileEvidence('/etc/iptables/rules.v4', 'absent, as are nftables.conf, ufw and firewalld settings'));
      const examples = [...new Set(exposed.map((l) => `${l.service} ${l.port}/${l.protocol}`))];
      report.fail('noFirewall', {
        data: { count: examples.length, examples: `${examples.slice(0, MAX_LISTED).join(', ')}${examples.length > MAX_LISTED ? ', ...' : ''}` },
        evidence,
        key: 'host',
      });
      return;
    }
    for (const family of families) {
      const ev = firewall.families[family];
      if (!ev.filtered) continue;
      if (!exposed.some((l) => listenerFamilies(l, firewall).includes(family))) continue;
      const share = openShare(firewall, family, t);
      const evidence = share.via.map((v) => evidenceOf(v, `accepts ${familyName(family)} connections from anywhere`));
      if (evidence.length === 0) evidence.push(...unfilteredEvidence(firewall, family));
      if (share.tcpShare === 1 && share.udpShare === 1) {
        report.fail('acceptAll', { data: { family: familyName(family) }, evidence, key: `${family}-accept-all` });
      } else if (share.tcpShare > PERMISSIVE_SHARE) {
        report.fail('permissive', { data: { family: familyName(family), share: Math.floor(share.tcpShare * 1000) / 10 }, evidence, key: `${family}-permissive`, severity: 'medium' });
      }
    }
  },
});
