/**
 * What the firewall family's rules share: their parameters, the table of sensitive
 * services, and the evidence that shows why a family is not filtered.
 */
import type { Evidence } from '../../core/report-schema.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Family } from '../../firewall/addr.ts';
import { DEFAULT_TRUSTED_NETWORKS, dedupe, trustedFrom, type Reach, type Trusted } from '../../firewall/exposure.ts';
import type { FirewallFacts } from '../../facts/firewall.ts';
import type { ServiceListener } from '../../facts/listeners.ts';
import type { RuleContext } from '../../core/rule.ts';
import type { SourceLine } from '../../parsers/types.ts';

export const TRUSTED_NETWORKS_PARAM = {
  default: DEFAULT_TRUSTED_NETWORKS,
  description:
    'Source networks from which reaching a service is acceptable (CIDR list). A firewall rule that admits only these, or a listener bound to an address inside them, counts as restricted.',
};

export function trusted(ctx: RuleContext): Trusted {
  const v = ctx.param<unknown>('trustedNetworks');
  return trustedFrom(Array.isArray(v) ? v : DEFAULT_TRUSTED_NETWORKS);
}

/** Well-known ports of services that must not face the Internet, with their names. */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  111: 'rpcbind',
  139: 'NetBIOS session service',
  161: 'SNMP',
  389: 'LDAP',
  445: 'SMB',
  636: 'LDAPS',
  873: 'rsync daemon',
  1433: 'SQL Server',
  1521: 'Oracle database',
  2049: 'NFS',
  2181: 'ZooKeeper',
  2375: 'Docker API without TLS',
  2376: 'Docker API',
  2379: 'etcd',
  2380: 'etcd peer port',
  3306: 'MySQL/MariaDB',
  4369: 'Erlang port mapper (RabbitMQ)',
  5432: 'PostgreSQL',
  5601: 'Kibana',
  5672: 'RabbitMQ (AMQP)',
  5900: 'VNC',
  5984: 'CouchDB',
  6000: 'X11',
  6379: 'Redis',
  6443: 'Kubernetes API',
  8086: 'InfluxDB',
  8500: 'Consul',
  9042: 'Cassandra',
  9092: 'Kafka',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  10000: 'Webmin',
  10250: 'kubelet API',
  11211: 'memcached',
  15672: 'RabbitMQ management UI',
  25672: 'RabbitMQ inter-node port',
  27017: 'MongoDB',
  27018: 'MongoDB shard',
  27019: 'MongoDB config server',
};

/** Services sensitive on whatever port their configuration gives them. */
const SENSITIVE_SERVICES: Readonly<Record<string, string>> = {
  postgresql: 'PostgreSQL',
  postgres: 'PostgreSQL',
  mysql: 'MySQL/MariaDB',
  mysqld: 'MySQL/MariaDB',
  mariadbd: 'MySQL/MariaDB',
  redis: 'Redis',
  'redis-server': 'Redis',
  mongodb: 'MongoDB',
  mongod: 'MongoDB',
  rabbitmq: 'RabbitMQ',
  slapd: 'LDAP (slapd)',
  docker: 'Docker API',
  dockerd: 'Docker API',
  memcached: 'memcached',
  elasticsearch: 'Elasticsearch',
  etcd: 'etcd',
};

export const SENSITIVE_PORTS_PARAM = {
  default: Object.keys(SENSITIVE_PORTS).map(Number),
  description: 'Ports of services that must never be reachable from untrusted networks (databases, caches, brokers, directories, container and cluster APIs, admin UIs).',
};

/** The sensitive service a listener is, by its service name or its port; null when it is not one. */
export function sensitiveName(l: ServiceListener, ports: readonly number[]): string | null {
  const byService = SENSITIVE_SERVICES[l.service.toLowerCase()];
  if (byService) return byService;
  if (ports.includes(l.port)) return SENSITIVE_PORTS[l.port] ?? `port ${l.port}`;
  return null;
}

export const familyName = (f: Family) => (f === 'ipv4' ? 'IPv4' : 'IPv6');

/** Evidence for a source line; a line number of 0 stands for the file as a whole. */
export function evidenceOf(s: SourceLine, note?: string): Evidence {
  return s.line > 0 ? lineEvidence(s, note) : fileEvidence(s.file, note, s.text || undefined);
}

/** Why a family has no filtering: a missing per-family file, a tool that does not load. */
export function unfilteredEvidence(fw: FirewallFacts, family: Family): Evidence[] {
  const out: Evidence[] = [];
  for (const a of fw.active) {
    const missing = a.missingFiles[family];
    if (missing) out.push(fileEvidence(missing, `missing: ${a.tool} loads no ${familyName(family)} rules, so ${familyName(family)} input is not filtered`));
  }
  for (const i of fw.inactive) out.push(evidenceOf(i.evidence, `${i.tool}: ${i.reason}`));
  for (const a of fw.active) {
    if (a.families.includes(family)) continue;
    const own = a.familyFiles[family];
    if (own) out.push(fileEvidence(own, `loaded, but accepts every ${familyName(family)} connection (ACCEPT policy, no filtering rule)`));
    else if (!a.missingFiles[family] && a.origin === 'config' && a.files[0]) out.push(fileEvidence(a.files[0], `filters no ${familyName(family)} traffic`));
  }
  return out;
}

/** A listener's own line, with where it listens. */
export function listenerEvidence(l: ServiceListener): Evidence[] {
  if (!l.source) return [];
  const addr = l.address.includes(':') ? `[${l.address}]` : l.address;
  const docker = l.dockerPublished ? ': published by Docker, whose redirect to the container comes before the INPUT chain, so INPUT rules do not restrict it' : '';
  return [evidenceOf(l.source, `${l.service} listens on ${addr}:${l.port}/${l.protocol}${docker}`)];
}

/** Evidence for the families in which a port is open: the rules and policies that let it in, or why nothing filters. */
export function reachEvidence(fw: FirewallFacts, reaches: readonly Reach[]): Evidence[] {
  const out: Evidence[] = [];
  for (const r of reaches) {
    if (r.note) continue;
    if (!fw.families[r.family].filtered) {
      out.push(...unfilteredEvidence(fw, r.family));
      continue;
    }
    for (const v of dedupe(r.via)) out.push(evidenceOf(v, `lets ${familyName(r.family)} connections in`));
  }
  return out;
}

/** Who reaches a port, over the families where it is open ("any address" when any address of each). */
export function sourcesText(open: readonly Reach[]): string {
  if (open.every((r) => r.sources === `any ${familyName(r.family)} address`)) return 'any address';
  return open.map((r) => (open.length > 1 ? `${r.sources} (${familyName(r.family)})` : r.sources)).join('; ');
}

/** "IPv4 and IPv6". */
export function familiesText(families: readonly Family[]): string {
  return families.map(familyName).join(' and ');
}
