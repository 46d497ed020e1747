import { headerRule, lastHeader } from './_headers.ts';

export default headerRule({
  id: 'web-referrer-policy',
  title: 'Sites send a Referrer-Policy',
  severity: 'low',
  rationale:
    'URLs often carry session identifiers, reset tokens or internal paths. Without a policy they leak to every third-party site a page links to or loads from.',
  description:
    'Every exposed site serving content must send a Referrer-Policy header. "unsafe-url" (full URL to everyone, even over plain HTTP) counts as weak.',
  remediation:
    'nginx, in each server block:\n  add_header Referrer-Policy "no-referrer" always;   (or strict-origin-when-cross-origin)\nApache, in each <VirtualHost>:\n  Header always set Referrer-Policy "no-referrer"',
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' }],
  header: 'Referrer-Policy',
  judge(headers) {
    const h = lastHeader(headers, 'referrer-policy');
    if (!h) return { status: 'missing' };
    if (/unsafe-url/i.test(h.value) && !/,/.test(h.value)) return { status: 'weak', header: h, detail: '"unsafe-url" sends full URLs everywhere' };
    return { status: 'ok' };
  },
});
