import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, addressOf, clustersOf, isRemote, recordKey } from './_pg.ts';

export default defineRule({
  id: 'pg-hba-password',
  family: 'databases',
  title: 'pg_hba.conf does not use the cleartext password method',
  severity: 'high',
  rationale:
    'With the `password` method the client sends the password itself; unless the connection is encrypted it can be read on the network, and the server sees it in full either way.',
  description: 'Every pg_hba.conf record with the method `password` fails (high when it admits clients from other machines without requiring SSL, medium otherwise).',
  remediation: 'Use `scram-sha-256` instead of `password` in pg_hba.conf (after `ALTER SYSTEM SET password_encryption = \'scram-sha-256\'` and resetting the passwords), then `systemctl reload postgresql`.',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  messages: {
    cleartext: 'Record {{type}} {{address}} sends passwords in clear (method password).',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      for (const r of c.hba) {
        if (r.method !== 'password') continue;
        const exposed = isRemote(r) && r.type !== 'hostssl';
        report.fail('cleartext', {
          data: { type: r.type, address: r.type === 'local' ? '(local socket)' : addressOf(r) },
          evidence: [lineEvidence(r.source)],
          key: recordKey(r),
          ...(exposed ? {} : { severity: 'medium' as const }),
        });
      }
    }
  },
});
