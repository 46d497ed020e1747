import { defineRule } from '../../core/rule.ts';
import { listenerReach, listensOnAll } from '../../firewall/exposure.ts';
import { SENSITIVE_PORTS_PARAM, TRUSTED_NETWORKS_PARAM, familiesText, listenerEvidence, sourcesText, reachEvidence, sensitiveName, trusted } from './_exposure.ts';

/** Client sockets every DHCP client binds on all addresses: not services. */
const DHCP_CLIENT_PORTS = new Set(['udp/68', 'udp/546']);

export default defineRule({
  id: 'firewall-unrestricted-listener',
  family: 'firewall',
  title: 'Services listening on all addresses are allowed through the firewall on purpose',
  severity: 'low',
  rationale:
    'A daemon bound to every address and admitted by no explicit rule is usually an accident: a package that started a service on installation, a debug port, ' +
    'an internal API. Each one is attack surface. Listing the ports a host is meant to offer (allowedPorts) and checking every other listener against the firewall ' +
    'finds them before someone else does.',
  description:
    'For each socket bound to a wildcard address (0.0.0.0, ::, or every address), except sensitive services (reported by firewall-sensitive-service-exposed) and the ' +
    'DHCP client ports (68/udp, 546/udp), fails when its ' +
    'port is not in allowedPorts and the firewall in force lets sources outside trustedNetworks reach it broadly, in some address family.',
  remediation:
    'Stop and disable the service if it is not needed (`systemctl disable --now <unit>`, or remove the package). Otherwise bind it to loopback or to the address its clients ' +
    'use, or allow its port only from those clients in the firewall (an ACCEPT rule with `-s <network>` before a DROP policy, for IPv4 and IPv6). ' +
    'If the port is meant to be public, add it to the allowedPorts parameter.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Restrictive firewall (allow-listing)' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Restrictive firewall (white listing)' },
  ],
  messages: {
    unrestricted: '{{service}} listens on {{address}} port {{port}}/{{protocol}}, which is not an allowed port, and is reachable over {{families}} from {{sources}}',
  },
  params: {
    allowedPorts: { default: [22, 80, 443], description: 'Ports the host is meant to offer to anyone (TCP and UDP).' },
    trustedNetworks: TRUSTED_NETWORKS_PARAM,
    sensitivePorts: SENSITIVE_PORTS_PARAM,
  },
  requires: ['firewall', 'listeners'],
  check({ firewall, listeners }, report, ctx) {
    const t = trusted(ctx);
    const allowedParam = ctx.param<unknown>('allowedPorts');
    const allowed = Array.isArray(allowedParam) ? allowedParam.filter((p): p is number => typeof p === 'number') : [22, 80, 443];
    const sensParam = ctx.param<unknown>('sensitivePorts');
    const sensitive = Array.isArray(sensParam) ? sensParam.filter((p): p is number => typeof p === 'number') : SENSITIVE_PORTS_PARAM.default;
    for (const l of listeners.listeners) {
      if (!listensOnAll(l) || allowed.includes(l.port) || sensitiveName(l, sensitive) || DHCP_CLIENT_PORTS.has(`${l.protocol}/${l.port}`)) continue;
      const open = listenerReach(l, firewall, t).filter((r) => r.level === 'open');
      if (open.length === 0) continue;
      report.fail('unrestricted', {
        data: {
          service: l.service,
          address: l.address,
          port: l.port,
          protocol: l.protocol,
          families: familiesText(open.map((r) => r.family)),
          sources: sourcesText(open),
        },
        evidence: [...listenerEvidence(l), ...reachEvidence(firewall, open)],
        key: `${l.service}|${l.protocol}|${l.port}|${l.address}`,
      });
    }
  },
});
