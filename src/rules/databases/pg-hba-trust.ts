import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, addressOf, clustersOf, isRemote, matchesReplication, recordKey } from './_pg.ts';

export default defineRule({
  id: 'pg-hba-trust',
  family: 'databases',
  title: 'pg_hba.conf has no trust entries',
  severity: 'high',
  rationale:
    '`trust` lets a client connect as the user it names, with no password or identity check. Over TCP any host that can reach the port becomes that user; on the local socket any account on the machine does. For replication it hands out a full copy of the database.',
  description:
    'Every pg_hba.conf record (including included files) with the method `trust` fails. Severity: critical for replication or network records beyond loopback, high otherwise.',
  remediation:
    'Replace `trust` with `scram-sha-256` (network) or `peer` (local socket) in pg_hba.conf, give the roles passwords (`\\password repmgr` in psql; password_encryption = scram-sha-256), then reload: `systemctl reload postgresql` or `SELECT pg_reload_conf();`.',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
  ],
  messages: {
    trustReplication: 'Replication connections from {{address}} for {{user}} are accepted without authentication (trust).',
    trustRemote: 'Connections from {{address}} to {{database}} as {{user}} are accepted without authentication (trust).',
    trustLocal: 'Local connections ({{type}}) to {{database}} as {{user}} are accepted without authentication (trust).',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      for (const r of c.hba) {
        if (r.method !== 'trust') continue;
        const data = {
          address: r.type === 'local' ? 'the local socket' : addressOf(r),
          user: r.users.map((t) => t.value).join(','),
          database: r.databases.map((t) => t.value).join(','),
          type: r.type === 'local' ? 'Unix socket' : `${r.type} ${addressOf(r)}`,
        };
        const evidence = [lineEvidence(r.source)];
        if (matchesReplication(r)) report.fail('trustReplication', { data, evidence, key: recordKey(r), severity: 'critical' });
        else if (isRemote(r)) report.fail('trustRemote', { data, evidence, key: recordKey(r), severity: 'critical' });
        else report.fail('trustLocal', { data, evidence, key: recordKey(r) });
      }
    }
  },
});
