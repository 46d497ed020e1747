import { defineRule } from '../../core/rule.ts';
import { endpointEvidence } from '../../probes/rule-support.ts';
import { forEachChain } from './_certificate.ts';
import { NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

export default defineRule({
  id: 'probe-tls-certificate-self-signed',
  family: 'probe-tls',
  title: 'The server certificate is issued by a certificate authority',
  severity: 'medium',
  rationale:
    'A self-signed server certificate cannot be told apart from one an attacker made up. Clients must either skip verification or pin it by hand, and in practice users learn to accept any certificate warning, which removes the protection TLS is there to give.',
  description:
    'Fails when the certificate the server presents first has the same subject and issuer and verifies with its own public key.',
  remediation:
    'Obtain a certificate from a public CA (e.g. Let\'s Encrypt with `certbot --nginx -d host.example.org`) or from your organisation\'s internal CA whose root is distributed to the clients, and point the server at it (nginx: `ssl_certificate` / `ssl_certificate_key`).',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA],
  messages: {
    selfSigned: '{{endpoint}} presents a self-signed certificate ({{subject}}).',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachChain(probes, report, ctx, (rec, cert) => {
      const leaf = cert.chain[0]!;
      if (leaf.selfSigned)
        report.fail('selfSigned', {
          data: { endpoint: rec.endpoint, subject: leaf.subject },
          evidence: [endpointEvidence(rec.endpoint, `subject = issuer = ${leaf.subject}`, `SHA-256 ${leaf.fingerprint256}`)],
          key: rec.endpoint,
        });
    });
  },
});
