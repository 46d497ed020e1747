import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, clustersOf, isRemote } from './_pg.ts';

export default defineRule({
  id: 'pg-ssl',
  family: 'databases',
  title: 'PostgreSQL has SSL on when it accepts network clients',
  severity: 'medium',
  rationale: 'Without ssl = on every connection from another host is in clear, and hostssl records cannot match at all.',
  description:
    'When pg_hba.conf has a non-reject record for non-loopback addresses, the effective `ssl` setting (default off) must be on.',
  remediation:
    "In postgresql.conf: `ssl = on`, `ssl_cert_file = '/etc/ssl/certs/db.pem'`, `ssl_key_file = '/etc/ssl/private/db.key'` (key mode 0600 or 0640 root:ssl-cert), `ssl_min_protocol_version = 'TLSv1.2'`; then `systemctl reload postgresql`.",
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  messages: {
    sslOff: 'PostgreSQL ({{file}}) accepts network clients but ssl is {{value}}.',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    for (const c of clusters) {
      const remote = c.hba.filter((r) => r.method !== 'reject' && isRemote(r));
      if (remote.length === 0) continue;
      if (/^(on|true|yes|1)$/i.test(c.ssl.value)) continue;
      report.fail('sslOff', {
        data: { file: c.configFile, value: c.ssl.source ? c.ssl.value : 'off (default)' },
        evidence: [
          c.ssl.source ? lineEvidence(c.ssl.source) : fileEvidence(c.configFile, 'ssl not set: off by default'),
          lineEvidence(remote[0]!.source, 'record admitting network clients'),
          ...(c.sslFiles ? [fileEvidence(c.sslFiles.cert.path, c.sslFiles.cert.exists ? 'ssl_cert_file: present' : 'ssl_cert_file: missing'), fileEvidence(c.sslFiles.key.path, c.sslFiles.key.exists ? 'ssl_key_file: present' : 'ssl_key_file: missing')] : []),
        ],
        key: c.configFile,
      });
    }
  },
});
