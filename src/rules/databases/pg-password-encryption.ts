import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, clustersOf } from './_pg.ts';

export default defineRule({
  id: 'pg-password-encryption',
  family: 'databases',
  title: 'PostgreSQL stores new passwords as SCRAM-SHA-256',
  severity: 'medium',
  rationale:
    'With password_encryption = md5 every password set from now on is stored as an MD5 hash that can log in by itself (pass-the-hash) and is cheap to brute-force if pg_authid leaks.',
  description: 'The effective password_encryption (default scram-sha-256 since PostgreSQL 14, md5 before) must be scram-sha-256 on PostgreSQL 10 and newer.',
  remediation: "Set `password_encryption = 'scram-sha-256'` in postgresql.conf, reload, and set the passwords again (`\\password ROLE` in psql) so that they are stored in the new format.",
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' }],
  messages: {
    md5: 'PostgreSQL ({{file}}) stores passwords as {{value}}.',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      if (c.majorVersion !== null && c.majorVersion < 10) continue;
      const v = c.passwordEncryption;
      if (v.value.toLowerCase() === 'scram-sha-256') continue;
      report.fail('md5', {
        data: { file: c.configFile, value: v.source ? v.value : `${v.value} (default of PostgreSQL ${c.majorVersion ?? '?'})` },
        evidence: [v.source ? lineEvidence(v.source) : fileEvidence(c.configFile, 'password_encryption not set')],
        key: c.configFile,
      });
    }
  },
});
