import { defineRule } from '../../core/rule.ts';
import { NGINX_PROXY, forEachHttpsPage, headerEvidence, headerValues } from './_http.ts';

export default defineRule({
  id: 'probe-http-content-type-options',
  family: 'probe-http',
  title: 'X-Content-Type-Options: nosniff is sent',
  severity: 'low',
  rationale:
    'Without nosniff, browsers may guess a response\'s type from its content and run an uploaded text or image file as a script or style sheet, which turns file uploads into cross-site scripting.',
  description: 'Reads the X-Content-Type-Options header of the page an HTTPS endpoint serves. Passes when its value is nosniff.',
  remediation:
    'nginx, in the HTTPS server block: `add_header X-Content-Type-Options "nosniff" always;`, then `nginx -t && systemctl reload nginx`.',
  references: [NGINX_PROXY],
  messages: {
    missing: '{{endpoint}} sends no X-Content-Type-Options: nosniff header.',
    invalid: '{{endpoint}} sends X-Content-Type-Options "{{value}}" instead of nosniff.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachHttpsPage(probes, report, ctx, (rec, page) => {
      const values = headerValues(page, 'x-content-type-options');
      const evidence = headerEvidence(rec, page, 'X-Content-Type-Options', values);
      if (values.length === 0) return report.fail('missing', { data: { endpoint: rec.endpoint }, evidence, key: rec.endpoint });
      if (values[0]!.trim().toLowerCase() !== 'nosniff')
        report.fail('invalid', { data: { endpoint: rec.endpoint, value: values[0]! }, evidence, key: rec.endpoint });
    });
  },
});
