import { defineRule } from '../../core/rule.ts';
import { endpointEvidence } from '../../probes/rule-support.ts';
import { forEachChain } from './_certificate.ts';
import { NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

export default defineRule({
  id: 'probe-tls-certificate-hostname',
  family: 'probe-tls',
  title: 'The server certificate names the host it is served for',
  severity: 'medium',
  rationale:
    'Clients accept a certificate only for the names (or addresses) it lists. A certificate for another name breaks verification, so clients either fail or are configured to ignore names, and then any valid certificate, including one issued to an attacker for their own domain, is accepted.',
  description:
    'Checks the server certificate against the host name or IP address of the probed URL with the same rules as Node\'s TLS client (tls.checkServerIdentity: subjectAltName DNS and IP entries, wildcards in the first label only).',
  remediation:
    'Issue the certificate for the name clients use (put every name in subjectAltName, e.g. `certbot --nginx -d host.example.org -d www.host.example.org`), or probe the name the certificate was made for. Install it with `ssl_certificate` and reload the server.',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA],
  messages: {
    mismatch: '{{endpoint}}: the certificate does not cover "{{host}}" ({{reason}}).',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachChain(probes, report, ctx, (rec, cert) => {
      if (cert.hostnameMatches) return;
      const leaf = cert.chain[0]!;
      report.fail('mismatch', {
        data: { endpoint: rec.endpoint, host: rec.host, reason: cert.hostnameError ?? 'no matching name' },
        evidence: [endpointEvidence(rec.endpoint, `subject ${leaf.subject}; subjectAltName ${leaf.subjectAltName ?? '(none)'}`)],
        key: rec.endpoint,
      });
    });
  },
});
