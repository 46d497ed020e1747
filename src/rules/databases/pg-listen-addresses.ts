import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { splitListenAddresses } from '../../facts/postgresql.ts';
import { NO_POSTGRES, clustersOf } from './_pg.ts';
import { isWildcardAddress } from './_net.ts';

export default defineRule({
  id: 'pg-listen-addresses',
  family: 'databases',
  title: 'PostgreSQL does not listen on every interface',
  severity: 'medium',
  rationale:
    'listen_addresses = \'*\' puts the server on every interface, including public ones and any added later; naming the addresses the clients use keeps the database off networks that have no business reaching it.',
  description:
    'listen_addresses (postgresql.conf, included files and postgresql.auto.conf; default localhost) must not contain *, 0.0.0.0 or ::. Whether a firewall still filters the port is judged by the exposure rules.',
  remediation:
    "Set the addresses PostgreSQL must answer on, e.g. `listen_addresses = 'localhost,10.0.161.10'` in postgresql.conf (or ALTER SYSTEM SET listen_addresses = ...), then `systemctl restart postgresql`.",
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    allInterfaces: 'PostgreSQL ({{file}}) listens on all interfaces: listen_addresses = \'{{value}}\'.',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      const v = c.listenAddresses;
      if (!splitListenAddresses(v.value).some(isWildcardAddress)) continue;
      report.fail('allInterfaces', {
        data: { file: c.configFile, value: v.value },
        evidence: [v.source ? lineEvidence(v.source) : fileEvidence(c.configFile)],
        key: c.configFile,
      });
    }
  },
});
