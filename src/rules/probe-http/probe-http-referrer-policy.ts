import { defineRule } from '../../core/rule.ts';
import { NGINX_PROXY, forEachHttpsPage, headerEvidence, headerValues } from './_http.ts';

const SAFE = new Set(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'origin', 'origin-when-cross-origin']);
const KNOWN = new Set([...SAFE, 'no-referrer-when-downgrade', 'unsafe-url']);

/** The policy a browser applies: the last token it knows (W3C Referrer Policy §8.1). */
export function effectiveReferrerPolicy(values: readonly string[]): string | undefined {
  const tokens = values.flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
  return tokens.filter((t) => KNOWN.has(t)).at(-1);
}

export default defineRule({
  id: 'probe-http-referrer-policy',
  family: 'probe-http',
  title: 'A Referrer-Policy keeps full URLs from leaking to other sites',
  severity: 'low',
  rationale:
    'Links and resources loaded from a page send the page\'s URL to other sites in the Referer header. URLs of administration GUIs often carry identifiers, search terms or tokens; a restrictive Referrer-Policy keeps them on the site.',
  description:
    'Reads the Referrer-Policy header of the page an HTTPS endpoint serves and takes the last policy token a browser would understand. Fails when there is none, or when it is unsafe-url or no-referrer-when-downgrade (both send full URLs to other HTTPS sites).',
  remediation:
    'nginx, in the HTTPS server block: `add_header Referrer-Policy "no-referrer" always;` (or `"strict-origin-when-cross-origin"`), then `nginx -t && systemctl reload nginx`.',
  references: [NGINX_PROXY],
  messages: {
    missing: '{{endpoint}} sends no Referrer-Policy header that browsers understand.',
    leaky: '{{endpoint}} sets Referrer-Policy {{policy}}, which sends full URLs to other sites.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachHttpsPage(probes, report, ctx, (rec, page) => {
      const values = headerValues(page, 'referrer-policy');
      const evidence = headerEvidence(rec, page, 'Referrer-Policy', values);
      const policy = effectiveReferrerPolicy(values);
      if (policy === undefined) return report.fail('missing', { data: { endpoint: rec.endpoint }, evidence, key: rec.endpoint });
      if (!SAFE.has(policy)) report.fail('leaky', { data: { endpoint: rec.endpoint, policy }, evidence, key: rec.endpoint });
    });
  },
});
