import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, addressOf, clustersOf, recordKey } from './_pg.ts';

export default defineRule({
  id: 'pg-hba-md5',
  family: 'databases',
  title: 'pg_hba.conf uses scram-sha-256 rather than md5',
  severity: 'low',
  rationale:
    'The md5 scheme makes the stored hash itself a usable credential (pass-the-hash) and is weak against offline guessing. PostgreSQL 10 and later support SCRAM-SHA-256, which has neither problem.',
  description:
    'On PostgreSQL 10 and newer (major version from the configuration path or PG_VERSION; unknown counts as newer), every pg_hba.conf record with the method `md5` fails.',
  remediation:
    'Set `password_encryption = scram-sha-256` in postgresql.conf, reload, have each role set its password again (`\\password ROLE` in psql), then change `md5` to `scram-sha-256` in pg_hba.conf and `systemctl reload postgresql`. (md5 records already accept SCRAM passwords, so this can be done role by role.)',
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' }],
  messages: {
    md5: 'Record {{type}} {{address}} uses md5 although this PostgreSQL ({{version}}) supports scram-sha-256.',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      if (c.majorVersion !== null && c.majorVersion < 10) continue;
      for (const r of c.hba) {
        if (r.method !== 'md5') continue;
        report.fail('md5', {
          data: { type: r.type, address: r.type === 'local' ? '(local socket)' : addressOf(r), version: c.majorVersion !== null ? String(c.majorVersion) : 'version unknown' },
          evidence: [lineEvidence(r.source)],
          key: recordKey(r),
        });
      }
    }
  },
});
