/**
 * Shared by the certificate rules: the certificate part of a TLS record, or an `error`
 * finding when the chain could not be fetched.
 */
import type { RuleContext, RuleReporter } from '../../core/rule.ts';
import type { CertificateInfo, ProbeRecord, TlsRecord } from '../../probes/record.ts';
import { forEachRecord, reportProbeError } from '../../probes/rule-support.ts';

export type CertificatePart = NonNullable<TlsRecord['certificate']>;

/** Calls `check` with each TLS record whose chain was fetched. */
export function forEachChain(
  probes: readonly ProbeRecord[],
  report: RuleReporter<string>,
  ctx: RuleContext,
  check: (rec: TlsRecord, cert: CertificatePart) => void,
): void {
  forEachRecord(probes, 'tls', report, 'no TLS endpoint was probed', (rec) => {
    const cert = rec.certificate;
    if (rec.error || !cert || cert.error || cert.chain.length === 0)
      return reportProbeError(report, ctx, rec, rec.error ?? cert?.error, 'the certificate');
    check(rec, cert);
  });
}

/** "leaf" or "chain[2]": where a certificate sits in what the server sent. */
export function position(i: number): string {
  return i === 0 ? 'server certificate' : `chain certificate ${i}`;
}

/**
 * Certificates whose own properties matter: all but a trailing self-signed root, whose
 * signature nobody checks and whose validity the client's trust store decides.
 */
export function judgedCertificates(chain: readonly CertificateInfo[]): { cert: CertificateInfo; index: number }[] {
  return chain.map((cert, index) => ({ cert, index })).filter(({ cert, index }) => index === 0 || !cert.selfSigned);
}
