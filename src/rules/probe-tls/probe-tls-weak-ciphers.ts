import { defineRule } from '../../core/rule.ts';
import type { WeakCipherClass } from '../../probes/record.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

const CLASS_NAMES: Record<WeakCipherClass, string> = {
  null: 'NULL (no encryption)',
  anon: 'anonymous (no server authentication)',
  export: 'export-grade (40/56-bit)',
  des: 'single DES (56-bit)',
  rc4: 'RC4',
  '3des': '3DES (64-bit block, SWEET32)',
  idea: 'IDEA (64-bit block)',
};

export default defineRule({
  id: 'probe-tls-weak-ciphers',
  family: 'probe-tls',
  title: 'The TLS endpoint refuses broken cipher suites',
  severity: 'high',
  rationale:
    'Suites without encryption or authentication, export-grade and single-DES suites, RC4 and 64-bit block ciphers (3DES, IDEA) can be read or forged by an attacker who sees enough traffic or sits in the path. As long as the server accepts one of them, a client that offers it (or an attacker that strips the rest) gets a connection that only looks protected.',
  description:
    'For each accepted version below TLS 1.3, sends ClientHellos that offer only NULL, anonymous, export, DES, RC4, 3DES and IDEA suites, removing a class each time the server picks one, and fails for each class the server accepts. Obsolete but unbroken CBC suites with SHA-1 (which the SRE example configuration still lists) are not counted.',
  remediation:
    'Restrict the suites to strong ones. nginx: `ssl_ciphers "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!3DES:!MD5:!PSK";` and `ssl_prefer_server_ciphers on;`, then `nginx -t && systemctl reload nginx`. Apache: the same list in `SSLCipherSuite`.',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA],
  messages: {
    weakAccepted: '{{endpoint}} accepts {{class}} suites ({{cipher}} with {{versions}}).',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'tls', report, 'no TLS endpoint was probed', (rec) => {
      if (rec.error) return reportProbeError(report, ctx, rec, rec.error, 'the cipher suites');
      if (!rec.protocols.some((p) => p.accepted)) return reportProbeError(report, ctx, rec, undefined, 'the cipher suites');
      const byClass = new Map<WeakCipherClass, { cipher: string; versions: string[] }>();
      for (const w of rec.weakCiphers) {
        const entry = byClass.get(w.class) ?? { cipher: w.cipher, versions: [] };
        entry.versions.push(w.version);
        byClass.set(w.class, entry);
      }
      for (const [cls, { cipher, versions }] of byClass) {
        report.fail('weakAccepted', {
          data: { endpoint: rec.endpoint, class: CLASS_NAMES[cls], cipher, versions: versions.join(', ') },
          evidence: [endpointEvidence(rec.endpoint, `${cipher} accepted with ${versions.join(', ')}`)],
          key: `${rec.endpoint}\u0001${cls}`,
        });
      }
    });
  },
});
