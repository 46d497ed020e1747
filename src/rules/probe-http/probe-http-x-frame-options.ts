import { defineRule } from '../../core/rule.ts';
import { NGINX_PROXY, forEachHttpsPage, headerEvidence, headerValues } from './_http.ts';

export default defineRule({
  id: 'probe-http-x-frame-options',
  family: 'probe-http',
  title: 'X-Frame-Options forbids framing by other sites',
  severity: 'low',
  rationale:
    'X-Frame-Options is the older anti-clickjacking header that browsers without CSP frame-ancestors support still honour. DENY or SAMEORIGIN keeps other sites from loading the pages in a frame; ALLOW-FROM is no longer understood and so protects nothing.',
  description:
    'Reads the X-Frame-Options header of the page an HTTPS endpoint serves. Passes when there is exactly one value and it is DENY or SAMEORIGIN.',
  remediation:
    'nginx, in the HTTPS server block: `add_header X-Frame-Options "DENY" always;` (or `"SAMEORIGIN"`), then `nginx -t && systemctl reload nginx`.',
  references: [NGINX_PROXY],
  messages: {
    missing: '{{endpoint}} sends no X-Frame-Options header.',
    invalid: '{{endpoint}} sends X-Frame-Options "{{value}}", which is neither DENY nor SAMEORIGIN.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachHttpsPage(probes, report, ctx, (rec, page) => {
      const values = headerValues(page, 'x-frame-options');
      const evidence = headerEvidence(rec, page, 'X-Frame-Options', values);
      if (values.length === 0) return report.fail('missing', { data: { endpoint: rec.endpoint }, evidence, key: rec.endpoint });
      const joined = values.join(', ');
      const parts = joined.split(',').map((v) => v.trim().toUpperCase());
      const value = parts[0] ?? '';
      if (new Set(parts).size !== 1 || (value !== 'DENY' && value !== 'SAMEORIGIN'))
        report.fail('invalid', { data: { endpoint: rec.endpoint, value: joined }, evidence, key: rec.endpoint });
    });
  },
});
