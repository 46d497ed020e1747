import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { DATABASE, SECURE_PROTOCOLS_EWC, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

export default defineRule({
  id: 'probe-ldap-starttls',
  family: 'probe-db',
  title: 'The plain LDAP port offers StartTLS',
  severity: 'medium',
  rationale:
    'LDAP carries bind passwords and directory data. On the plain port, StartTLS is the only way for clients to protect them; a server that does not offer it forces every client to send passwords in clear text.',
  description:
    'On ldap:// endpoints, sends the StartTLS extended request (OID 1.3.6.1.4.1.1466.20037) and fails when the result code is not 0. The TLS handshake itself is not made. ldaps:// endpoints are TLS from the start and pass.',
  remediation:
    'Give slapd a certificate (cn=config: `olcTLSCertificateFile`, `olcTLSCertificateKeyFile`, `olcTLSCACertificateFile`; slapd.conf: `TLSCertificateFile` ...), optionally require it with `olcSecurity: tls=1`, and restart slapd. Clients then use `ldap://` with StartTLS or `ldaps://`.',
  references: [DATABASE, SECURE_PROTOCOLS_POUTA, SECURE_PROTOCOLS_EWC],
  messages: {
    noStartTls: '{{endpoint}} does not offer StartTLS (result code {{code}}{{diagnostic}}).',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(
      probes,
      'ldap',
      report,
      'no plain ldap:// endpoint was probed (ldaps:// needs no StartTLS)',
      (rec) => {
        if (!rec.startTls) return reportProbeError(report, ctx, rec, rec.error, 'StartTLS');
        if (rec.startTls.resultCode !== 0)
          report.fail('noStartTls', {
            data: { endpoint: rec.endpoint, code: rec.startTls.resultCode, diagnostic: rec.startTls.diagnostic ? `: ${rec.startTls.diagnostic}` : '' },
            evidence: [endpointEvidence(rec.endpoint, `StartTLS -> result ${rec.startTls.resultCode}`)],
            key: rec.endpoint,
          });
      },
      (rec) => !rec.tls,
    );
  },
});
