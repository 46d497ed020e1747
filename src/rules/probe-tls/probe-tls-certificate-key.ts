import { defineRule } from '../../core/rule.ts';
import type { CertificateInfo } from '../../probes/record.ts';
import { endpointEvidence } from '../../probes/rule-support.ts';
import { forEachChain, judgedCertificates, position } from './_certificate.ts';
import { NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

/** Why a certificate key is too weak, or undefined when it is fine. */
export function keyWeakness(c: CertificateInfo): string | undefined {
  const bits = c.keyBits ?? 0;
  switch (c.keyType) {
    case 'rsa':
    case 'rsa-pss':
      return bits < 2048 ? `RSA key of ${bits} bits (at least 2048 needed)` : undefined;
    case 'dsa':
      return `DSA key of ${bits} bits (DSA is no longer accepted for TLS)`;
    case 'ec':
      return bits < 256 ? `EC key on ${c.curve ?? 'an unknown curve'} (${bits} bits, at least 256 needed)` : undefined;
    case 'ed25519':
    case 'ed448':
      return undefined;
    default:
      return `key of unknown type "${c.keyType}"`;
  }
}

export default defineRule({
  id: 'probe-tls-certificate-key',
  family: 'probe-tls',
  title: 'The certificate keys are strong enough',
  severity: 'medium',
  rationale:
    'The certificate key is what proves the server is who it says it is. RSA keys under 2048 bits and EC keys under 256 bits are within reach of well-funded attackers, and DSA keys are no longer accepted by current clients.',
  description:
    'Fails for each certificate the server sends (except a self-signed root at the end) whose public key is RSA under 2048 bits, EC under 256 bits, DSA, or of an unknown type. Ed25519 and Ed448 keys pass.',
  remediation:
    'Generate a new key and certificate, e.g. `openssl req -new -newkey rsa:3072 -nodes -keyout host.key -out host.csr` or `-newkey ec -pkeyopt ec_paramgen_curve:P-256`, have it signed, install it with `ssl_certificate` / `ssl_certificate_key`, and reload the server.',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA],
  messages: {
    weakKey: '{{endpoint}}: the {{which}} ({{subject}}) has a weak key: {{weakness}}.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachChain(probes, report, ctx, (rec, cert) => {
      for (const { cert: c, index } of judgedCertificates(cert.chain)) {
        const weakness = keyWeakness(c);
        if (weakness)
          report.fail('weakKey', {
            data: { endpoint: rec.endpoint, which: position(index), subject: c.subject, weakness },
            evidence: [endpointEvidence(rec.endpoint, `${c.subject}: ${c.keyType} ${c.keyBits ?? '?'} bits${c.curve ? ` ${c.curve}` : ''}`, position(index))],
            key: `${rec.endpoint}\u0001${c.fingerprint256}`,
          });
      }
    });
  },
});
