import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { DATABASE, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

export default defineRule({
  id: 'probe-postgres-tls',
  family: 'probe-db',
  title: 'PostgreSQL offers TLS to network clients',
  severity: 'medium',
  rationale:
    'Without TLS, passwords (md5 hashes are replayable) and every query and result cross the network in clear text, where anyone on the path can read or change them.',
  description: 'Sends an SSLRequest and fails when the server answers "N" (TLS not offered).',
  remediation:
    'Enable TLS in postgresql.conf: `ssl = on`, `ssl_cert_file` and `ssl_key_file` pointing at a certificate and its key (readable by the postgres user only), `ssl_min_protocol_version = \'TLSv1.2\'`; to require it, use `hostssl` instead of `host` lines in pg_hba.conf. Then `systemctl reload postgresql`.',
  references: [DATABASE, SECURE_PROTOCOLS_POUTA],
  messages: {
    noTls: '{{endpoint}} does not offer TLS (SSLRequest answered "N").',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'postgres', report, 'no PostgreSQL endpoint was probed', (rec) => {
      if (rec.sslResponse === undefined) return reportProbeError(report, ctx, rec, rec.error, 'TLS support');
      if (rec.sslResponse === 'N')
        report.fail('noTls', { data: { endpoint: rec.endpoint }, evidence: [endpointEvidence(rec.endpoint, 'SSLRequest -> N')], key: rec.endpoint });
    });
  },
});
