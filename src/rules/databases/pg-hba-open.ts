import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, addressOf, clustersOf, fieldText, isAll, isWorld, recordKey } from './_pg.ts';

export default defineRule({
  id: 'pg-hba-open',
  family: 'databases',
  title: 'pg_hba.conf does not admit clients from any address',
  severity: 'high',
  rationale:
    'A record for 0.0.0.0/0, ::/0 or `all` lets every host on the Internet try to log in, so that only a password separates the database from the world; guidelines ask for databases reachable only from the application hosts.',
  description:
    'pg_hba.conf records (other than `reject`) whose address matches any client (0.0.0.0/0, ::/0, all, or a 0.0.0.0 netmask) fail; so do `samenet` records for all databases and all users, which open the database to whole attached networks.',
  remediation:
    'Replace the address with the networks of the clients that need access, e.g. `hostssl appdb appuser 10.0.161.0/24 scram-sha-256`, then `systemctl reload postgresql`.',
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' },
  ],
  messages: {
    anyAddress: 'Record {{type}} {{database}} {{user}} {{address}} ({{method}}) admits clients from any address.',
    sameNet: 'Record {{type}} all all samenet ({{method}}) admits every host of the attached networks to every database.',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      for (const r of c.hba) {
        if (r.method === 'reject' || r.type === 'local') continue;
        const data = { type: r.type, database: fieldText(r.databases), user: fieldText(r.users), address: addressOf(r), method: r.method };
        if (isWorld(r)) report.fail('anyAddress', { data, evidence: [lineEvidence(r.source)], key: recordKey(r) });
        else if (r.address === 'samenet' && isAll(r.databases) && isAll(r.users)) {
          report.fail('sameNet', { data, evidence: [lineEvidence(r.source)], key: recordKey(r), severity: 'medium' });
        }
      }
    }
  },
});
