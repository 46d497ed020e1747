import { defineRule } from '../../core/rule.ts';
import { listenerReach } from '../../firewall/exposure.ts';
import { SENSITIVE_PORTS_PARAM, TRUSTED_NETWORKS_PARAM, familiesText, listenerEvidence, sourcesText, reachEvidence, sensitiveName, trusted } from './_exposure.ts';

export default defineRule({
  id: 'firewall-sensitive-service-exposed',
  family: 'firewall',
  title: 'Databases, caches, brokers and admin APIs are not reachable from untrusted networks',
  severity: 'high',
  rationale:
    'Database servers, caches, message brokers, directories and container or cluster APIs are built to be used by a few known application hosts. ' +
    'Reachable from anywhere, they face password guessing, exploits of their network protocol and, for the many that ship without authentication ' +
    '(Redis, memcached, Elasticsearch, the Docker API), immediate takeover. Both the service binding and the host firewall should keep them off untrusted networks.',
  description:
    'For each service that listens beyond loopback and is sensitive by name or port (parameter sensitivePorts), evaluates the firewall in force for each ' +
    'address family the socket accepts (both for a wildcard or dual-stack socket) and fails when connections are accepted from sources outside trustedNetworks ' +
    'covering more than a /8 of IPv4 or a /32 of IPv6 with no further condition. A socket bound to one trusted address, or a firewall admitting only listed networks, an ipset or an interface, passes. ' +
    'Ports Docker publishes bypass the INPUT chain and count as reachable.',
  remediation:
    'Bind the service to loopback or to the private address its clients use (PostgreSQL `listen_addresses`, MySQL `bind-address`, Redis `bind`, MongoDB `net.bindIp`, ' +
    'slapd `SLAPD_SERVICES="ldap://10.0.0.5/ ldapi:///"`), and allow its port only from the client networks in the firewall, for IPv4 and IPv6 alike, e.g. ' +
    '`-A INPUT -p tcp --dport 5432 -s 10.0.0.0/16 -j ACCEPT` in /etc/iptables/rules.v4 with the matching ip6tables rule in rules.v6, or ' +
    '`firewall-cmd --permanent --zone=public --add-rich-rule=\'rule family=ipv4 source address=10.0.0.0/16 port port=5432 protocol=tcp accept\'`. ' +
    'For Docker, publish as `127.0.0.1:5432:5432` or filter in the DOCKER-USER chain. Reach the service from outside through an SSH tunnel or a VPN.',
  references: [
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '000_a8be9711ada6c275.txt', section: 'OS Firewall Configuration' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Restrictive firewall (white listing)' },
  ],
  messages: {
    sensitiveExposed: '{{name}} ({{port}}/{{protocol}}, {{service}} on {{address}}) is reachable over {{families}} from {{sources}}',
  },
  params: {
    trustedNetworks: TRUSTED_NETWORKS_PARAM,
    sensitivePorts: SENSITIVE_PORTS_PARAM,
  },
  requires: ['firewall', 'listeners'],
  check({ firewall, listeners }, report, ctx) {
    const t = trusted(ctx);
    const ports = ctx.param<unknown>('sensitivePorts');
    const sensitivePorts = Array.isArray(ports) ? ports.filter((p): p is number => typeof p === 'number') : SENSITIVE_PORTS_PARAM.default;
    for (const l of listeners.listeners) {
      const name = sensitiveName(l, sensitivePorts);
      if (!name) continue;
      const open = listenerReach(l, firewall, t).filter((r) => r.level === 'open');
      if (open.length === 0) continue;
      const critical = l.port === 2375 && (l.service === 'docker' || l.service === 'dockerd' || name.startsWith('Docker'));
      report.fail('sensitiveExposed', {
        data: {
          name,
          port: l.port,
          protocol: l.protocol,
          service: l.service,
          address: l.address,
          families: familiesText(open.map((r) => r.family)),
          sources: sourcesText(open),
        },
        evidence: [...listenerEvidence(l), ...reachEvidence(firewall, open)],
        key: `${l.service}|${l.protocol}|${l.port}|${l.address}`,
        ...(critical ? { severity: 'critical' as const } : {}),
      });
    }
  },
});
