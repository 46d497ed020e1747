import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, addressOf, clustersOf, fieldText, isRemote, recordKey } from './_pg.ts';

export default defineRule({
  id: 'pg-hba-hostssl',
  family: 'databases',
  title: 'Remote PostgreSQL clients must use SSL (hostssl)',
  severity: 'medium',
  rationale:
    'A `host` record accepts both encrypted and plain connections, and `hostnossl` only plain ones: queries, results and, depending on the method, credentials then cross the network readable and alterable by anyone on the path.',
  description:
    'pg_hba.conf records of type `host` or `hostnossl` (other than `reject`) whose address is not loopback fail. Loopback and Unix-socket records are fine.',
  remediation:
    'Enable `ssl = on` in postgresql.conf with a certificate, change the remote records from `host` to `hostssl` (and add `host all all 0.0.0.0/0 reject` style records after them if wanted), then `systemctl reload postgresql`. Clients should use sslmode=verify-full.',
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  messages: {
    plainRemote: 'Record {{type}} {{database}} {{user}} {{address}} ({{method}}) lets remote clients connect without SSL.',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      for (const r of c.hba) {
        if (r.method === 'reject' || (r.type !== 'host' && r.type !== 'hostnossl') || !isRemote(r)) continue;
        report.fail('plainRemote', {
          data: { type: r.type, database: fieldText(r.databases), user: fieldText(r.users), address: addressOf(r), method: r.method },
          evidence: [lineEvidence(r.source)],
          key: recordKey(r),
        });
      }
    }
  },
});
