import { defineRule } from '../../core/rule.ts';
import { endpointEvidence } from '../../probes/rule-support.ts';
import { forEachChain, judgedCertificates, position } from './_certificate.ts';
import { NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

const WEAK_SIGNATURE = /^(md2|md5|sha1)WithRSAEncryption$|^ecdsa-with-SHA1$|^dsa-with-SHA1$/;

export default defineRule({
  id: 'probe-tls-certificate-signature',
  family: 'probe-tls',
  title: 'The certificates are signed with a collision-resistant hash',
  severity: 'medium',
  rationale:
    'Certificate signatures over MD5 or SHA-1 can be forged with chosen-prefix collisions, so a certificate signed that way no longer proves that the CA issued it. Current clients reject such certificates.',
  description:
    'Fails for each certificate the server sends (except a self-signed root at the end, whose own signature nobody checks) signed with MD2, MD5 or SHA-1.',
  remediation:
    'Have the certificate reissued with a SHA-256 (or stronger) signature, e.g. `openssl req -new -sha256 ...` for the request, install it with `ssl_certificate`, and reload the server.',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA],
  messages: {
    weakSignature: '{{endpoint}}: the {{which}} ({{subject}}) is signed with {{algorithm}}.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachChain(probes, report, ctx, (rec, cert) => {
      for (const { cert: c, index } of judgedCertificates(cert.chain)) {
        if (!WEAK_SIGNATURE.test(c.signatureAlgorithm)) continue;
        report.fail('weakSignature', {
          data: { endpoint: rec.endpoint, which: position(index), subject: c.subject, algorithm: c.signatureAlgorithm },
          evidence: [endpointEvidence(rec.endpoint, `${c.subject}: ${c.signatureAlgorithm}`, position(index))],
          key: `${rec.endpoint}\u0001${c.fingerprint256}`,
        });
      }
    });
  },
});
