import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { imageName } from '../../facts/compose.ts';

const DATABASE_IMAGE =
  /^(postgres|postgresql|postgis|timescaledb|mysql|mariadb|percona|percona-server|mongo|mongodb|redis|valkey|keydb|memcached|elasticsearch|opensearch|influxdb|couchdb|cassandra|clickhouse|clickhouse-server|neo4j|rabbitmq|etcd|zookeeper|kafka|mssql-server|oracle-database|cockroach|scylla)$/;
/** Ports of databases, caches and brokers, by container port. */
const DATABASE_PORTS = new Set([5432, 3306, 33060, 27017, 6379, 11211, 9200, 9300, 8086, 5984, 9042, 8123, 9000, 7687, 5672, 15672, 2379, 2181, 9092, 1433, 1521, 26257]);

export default defineRule({
  id: 'compose-database-published',
  family: 'containers',
  title: 'Database containers are not published on every interface',
  severity: 'high',
  rationale:
    'A port published without an address is bound on 0.0.0.0 and [::] of the host, and Docker inserts its own firewall rules ahead of the host firewall (ufw and most INPUT rules do not apply), so a database published that way is usually reachable from the Internet. Databases only need to be reachable from the application containers, over a Compose network.',
  description:
    'Flags `ports:` of services whose image is a database, cache or message broker (postgres, mysql, mariadb, mongo, redis, elasticsearch, ...) or whose container port is a well-known database port, when the host address is missing, 0.0.0.0 or ::. Ports bound to 127.0.0.1, ::1 or a specific address are accepted.',
  remediation:
    'Remove the `ports:` entry and let the application reach the database over the Compose network by service name; if the host itself needs access, bind to loopback: `ports: ["127.0.0.1:5432:5432"]`.',
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Prevent external parties from connecting to your machines' },
  ],
  messages: {
    databasePublished: 'Service "{{service}}" ({{image}}) in {{file}} publishes port {{port}} on all interfaces.',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    for (const f of compose.files) {
      for (const svc of f.model.services) {
        const image = svc.image?.value ?? '';
        const isDbImage = DATABASE_IMAGE.test(imageName(image));
        for (const p of svc.ports) {
          if (p.hostIp !== null && p.hostIp !== '::') continue;
          const containerPort = Number(/^\d+/.exec(p.containerPort)?.[0] ?? NaN);
          if (!isDbImage && !DATABASE_PORTS.has(containerPort)) continue;
          const port = p.hostPort ?? `random->${p.containerPort}`;
          report.fail('databasePublished', {
            data: { service: svc.name, image: image || 'no image', file: f.path, port: `${port}/${p.protocol}` },
            evidence: [lineEvidence(p.source)],
            key: `${f.path}:${svc.name}:${p.containerPort}/${p.protocol}`,
          });
        }
      }
    }
  },
});
