import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { DATABASE, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

export default defineRule({
  id: 'probe-mysql-tls',
  family: 'probe-db',
  title: 'MySQL/MariaDB offers TLS to network clients',
  severity: 'medium',
  rationale:
    'Without TLS, logins and all data exchanged with the database cross the network in clear text, open to reading and tampering by anyone on the path.',
  description:
    'Reads the server\'s initial handshake packet and fails when its capability flags lack CLIENT_SSL. When the server refuses this client before the handshake ("host is not allowed to connect"), TLS support cannot be seen and the check reports an error.',
  remediation:
    'Give the server a certificate in the [mysqld] section (e.g. /etc/mysql/mariadb.conf.d/50-server.cnf): `ssl_cert = /etc/mysql/server-cert.pem`, `ssl_key = /etc/mysql/server-key.pem`, `ssl_ca = /etc/mysql/ca.pem`, optionally `require_secure_transport = ON`; then `systemctl restart mariadb` (or mysql).',
  references: [DATABASE, SECURE_PROTOCOLS_POUTA],
  messages: {
    noTls: '{{endpoint}} ({{version}}) does not offer TLS.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'mysql', report, 'no MySQL/MariaDB endpoint was probed', (rec) => {
      if (rec.refused)
        return reportProbeError(report, ctx, rec, { code: 'other', message: `the server refused this client (error ${rec.refused.code}: ${rec.refused.message})` }, 'TLS support');
      if (rec.tlsOffered === undefined) return reportProbeError(report, ctx, rec, rec.error, 'TLS support');
      if (!rec.tlsOffered)
        report.fail('noTls', {
          data: { endpoint: rec.endpoint, version: rec.serverVersion ?? 'unknown version' },
          evidence: [endpointEvidence(rec.endpoint, `handshake ${rec.serverVersion ?? ''}: capability flags 0x${(rec.capabilities ?? 0).toString(16)} without CLIENT_SSL`)],
          key: rec.endpoint,
        });
    });
  },
});
