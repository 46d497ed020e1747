import { defineRule } from '../../core/rule.ts';
import { HTTPS_ONLY, NGINX_PROXY, forEachHttpsPage, headerEvidence, headerValues } from './_http.ts';

/** max-age and includeSubDomains of a Strict-Transport-Security value (RFC 6797 §6.1). */
export function parseHsts(value: string): { maxAge?: number; includeSubDomains: boolean } {
  let maxAge: number | undefined;
  let includeSubDomains = false;
  for (const part of value.split(';')) {
    const [k = '', v = ''] = part.split('=').map((s) => s.trim());
    const key = k.toLowerCase();
    if (key === 'max-age') {
      const n = Number(v.replace(/^"(.*)"$/, '$1'));
      if (/^"?\d+"?$/.test(v) && Number.isFinite(n)) maxAge = n;
    } else if (key === 'includesubdomains') includeSubDomains = true;
  }
  return { ...(maxAge !== undefined ? { maxAge } : {}), includeSubDomains };
}

export default defineRule({
  id: 'probe-http-hsts',
  family: 'probe-http',
  title: 'HTTPS responses carry a long-lived HSTS header covering subdomains',
  severity: 'medium',
  rationale:
    'Strict-Transport-Security tells browsers to use HTTPS for the host on their own, so that a later plain-HTTP link or a downgrade attempt on a hostile network never reaches the wire. It only protects when it is remembered long enough (a year is the usual floor) and covers subdomains, whose cookies could otherwise be set over plain HTTP.',
  description:
    'Reads the first Strict-Transport-Security header of the page an HTTPS endpoint serves (after same-host redirects). Fails when it is missing, when max-age is below `hstsMinMaxAge` seconds, or when includeSubDomains is absent.',
  remediation:
    'nginx, in the HTTPS server block: `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;` (note that add_header in a location block replaces the server block\'s headers), then `nginx -t && systemctl reload nginx`. Apache: `Header always set Strict-Transport-Security "max-age=31536000; includeSubDomains"`.',
  references: [NGINX_PROXY, HTTPS_ONLY],
  params: {
    hstsMinMaxAge: { default: 31536000, description: 'Smallest acceptable HSTS max-age, in seconds.' },
  },
  messages: {
    missing: '{{endpoint}} sends no Strict-Transport-Security header.',
    shortMaxAge: '{{endpoint}} sets HSTS max-age={{maxAge}}, below {{min}} seconds.',
    noMaxAge: '{{endpoint}} sends a Strict-Transport-Security header without a valid max-age.',
    noSubdomains: '{{endpoint}} sets HSTS without includeSubDomains.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    const min = Number(ctx.param<number>('hstsMinMaxAge'));
    forEachHttpsPage(probes, report, ctx, (rec, page) => {
      const values = headerValues(page, 'strict-transport-security');
      const evidence = headerEvidence(rec, page, 'Strict-Transport-Security', values);
      const data = { endpoint: rec.endpoint };
      if (values.length === 0) return report.fail('missing', { data, evidence, key: rec.endpoint });
      const hsts = parseHsts(values[0]!);
      if (hsts.maxAge === undefined) report.fail('noMaxAge', { data, evidence, key: `${rec.endpoint}\u0001max-age` });
      else if (hsts.maxAge < min) report.fail('shortMaxAge', { data: { ...data, maxAge: hsts.maxAge, min }, evidence, key: `${rec.endpoint}\u0001max-age` });
      if (!hsts.includeSubDomains) report.fail('noSubdomains', { data, evidence, key: `${rec.endpoint}\u0001subdomains` });
    });
  },
});
