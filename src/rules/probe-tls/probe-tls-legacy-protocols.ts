import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { HTTPS_ONLY, NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

const LEGACY = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

export default defineRule({
  id: 'probe-tls-legacy-protocols',
  family: 'probe-tls',
  title: 'The TLS endpoint accepts only TLS 1.2 and 1.3',
  severity: 'high',
  rationale:
    'SSL 3.0, TLS 1.0 and TLS 1.1 rest on constructions with known practical attacks (POODLE, BEAST, weak MD5/SHA-1 handshake hashes) and are deprecated by RFC 8996. A server that still accepts them lets an active attacker, or an old client, push the connection down to a protocol whose protection can be broken.',
  description:
    'Sends a ClientHello for each of SSL 3.0, TLS 1.0, 1.1, 1.2 and 1.3 offering every known suite and records whether the server answers with a ServerHello for exactly that version. Fails for each of SSL 3.0, TLS 1.0 and TLS 1.1 that is accepted.',
  remediation:
    'Allow only modern versions. nginx: `ssl_protocols TLSv1.2 TLSv1.3;` in the http or server block, then `nginx -t && systemctl reload nginx`. Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`. Other servers: set their minimum protocol version to TLS 1.2.',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA, HTTPS_ONLY],
  messages: {
    legacyAccepted: '{{endpoint}} accepts {{version}} (it chose {{cipher}}).',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'tls', report, 'no TLS endpoint was probed', (rec) => {
      if (rec.error) return reportProbeError(report, ctx, rec, rec.error, 'the protocol versions');
      if (!rec.protocols.some((p) => p.accepted)) {
        const errored = rec.protocols.find((p) => p.error);
        return reportProbeError(report, ctx, rec, errored?.error ?? { code: 'protocol', message: 'the server accepted no version from SSL 3.0 to TLS 1.3' }, 'the protocol versions');
      }
      for (const p of rec.protocols) {
        if (p.error && LEGACY.has(p.version)) {
          report.error(`${rec.endpoint}: could not check ${p.version}: ${p.error.message}`, {
            evidence: [endpointEvidence(rec.endpoint, undefined, p.error.code)],
            key: `${rec.endpoint}\u0001${p.version}\u0001error`,
          });
          continue;
        }
        if (!p.accepted || !LEGACY.has(p.version)) continue;
        report.fail('legacyAccepted', {
          data: { endpoint: rec.endpoint, version: p.version, cipher: p.cipher ?? 'an unknown suite' },
          evidence: [endpointEvidence(rec.endpoint, `${p.version} accepted, cipher ${p.cipher ?? '?'}`)],
          key: `${rec.endpoint}\u0001${p.version}`,
        });
      }
    });
  },
});
