import { headerRule, lastHeader } from './_headers.ts';

export default headerRule({
  id: 'web-frame-options',
  title: 'Sites forbid framing by other origins (X-Frame-Options or CSP frame-ancestors)',
  severity: 'low',
  rationale:
    'A page that any other site may embed in a frame can be overlaid with a decoy so that users click buttons they do not see (clickjacking), for instance in an administration interface.',
  description:
    "Every exposed site serving content must send X-Frame-Options DENY or SAMEORIGIN, or a Content-Security-Policy with a frame-ancestors directive (Content-Security-Policy-Report-Only does not count). ALLOW-FROM is obsolete and ignored by browsers, so it counts as weak.",
  remediation:
    "nginx, in each server block:\n  add_header X-Frame-Options \"DENY\" always;\n  add_header Content-Security-Policy \"frame-ancestors 'none'\" always;\nApache, in each <VirtualHost>:\n  Header always set X-Frame-Options \"DENY\"\n  Header always set Content-Security-Policy \"frame-ancestors 'none'\"\nUse SAMEORIGIN / 'self' if the application frames its own pages.",
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' }],
  header: 'X-Frame-Options (or CSP frame-ancestors)',
  judge(headers) {
    const csp = lastHeader(headers, 'content-security-policy');
    if (csp && /(^|;)\s*frame-ancestors\s/i.test(csp.value)) return { status: 'ok' };
    const xfo = lastHeader(headers, 'x-frame-options');
    if (!xfo) return { status: 'missing' };
    if (/^\s*(deny|sameorigin)\s*$/i.test(xfo.value)) return { status: 'ok' };
    return { status: 'weak', header: xfo, detail: `X-Frame-Options "${xfo.value}" is not DENY or SAMEORIGIN` };
  },
});
