/**
 * Shared by the HTTP probe rules: the response a browser would render for an HTTPS
 * endpoint, header look-ups, and Set-Cookie parsing.
 */
import type { Reference } from '../../core/report-schema.ts';
import type { RuleContext, RuleReporter } from '../../core/rule.ts';
import type { HttpRecord, HttpResponse, ProbeRecord } from '../../probes/record.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';

export const NGINX_PROXY: Reference = { guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' };
export const SECURITY_FEATURES: Reference = { guideline: '000_a8be9711ada6c275.txt', section: 'Standard Security Features' };
export const SECURE_PROTOCOLS_POUTA: Reference = { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' };
export const SECURE_PROTOCOLS_EWC: Reference = { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' };
export const HTTPS_ONLY: Reference = { guideline: '003_3ee6c2d8469499be.txt', section: 'Firewall/Networking' };

/** Values of a header (lower-case name) in the order received. */
export function headerValues(res: HttpResponse, name: string): string[] {
  return res.headers.filter(([n]) => n === name).map(([, v]) => v);
}

/**
 * Calls `check` with the last response of each HTTPS endpoint (the page shown after
 * same-host redirects): security headers are judged there.
 */
export function forEachHttpsPage(
  probes: readonly ProbeRecord[],
  report: RuleReporter<string>,
  ctx: RuleContext,
  check: (rec: HttpRecord, page: HttpResponse) => void,
): void {
  forEachRecord(
    probes,
    'http',
    report,
    'no HTTPS endpoint was probed (headers sent over plain HTTP are ignored by browsers)',
    (rec) => {
      const page = rec.main.responses.at(-1);
      if (!page) return reportProbeError(report, ctx, rec, rec.main.error ?? rec.error, 'the response headers');
      check(rec, page);
    },
    (rec) => rec.scheme === 'https',
  );
}

/** Evidence quoting a header (or its absence) of a response. */
export function headerEvidence(rec: HttpRecord, page: HttpResponse, name: string, values: readonly string[]) {
  const text = values.length > 0 ? values.map((v) => `${name}: ${v}`).join('\n') : `no ${name} header (status ${page.status})`;
  return [endpointEvidence(rec.endpoint, text, page.url)];
}

export interface Cookie {
  name: string;
  /** The value was empty (a deletion) or the cookie expires at once. */
  clearing: boolean;
  secure: boolean;
  httpOnly: boolean;
  /** SameSite value as written, lower case; undefined when absent. */
  sameSite?: string;
  raw: string;
}

/** Parses one Set-Cookie header value (RFC 6265 §5.2, attributes case-insensitive). */
export function parseSetCookie(value: string): Cookie {
  const [pair = '', ...attrs] = value.split(';');
  const eq = pair.indexOf('=');
  const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
  const val = eq === -1 ? '' : pair.slice(eq + 1).trim();
  const cookie: Cookie = { name, clearing: val === '' || val === '<empty>' || val === '""', secure: false, httpOnly: false, raw: value };
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i === -1 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const v = i === -1 ? '' : attr.slice(i + 1).trim();
    if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = v.toLowerCase();
    else if (key === 'max-age' && /^-?\d+$/.test(v) && Number(v) <= 0) cookie.clearing = true;
    else if (key === 'expires' && Date.parse(v) < Date.parse('2000-01-01T00:00:00Z')) cookie.clearing = true;
  }
  return cookie;
}

/** Every response of a record: the main exchange and the login page. */
export function allResponses(rec: HttpRecord): HttpResponse[] {
  return [...rec.main.responses, ...(rec.login?.responses ?? [])];
}
