import { headerRule, lastHeader } from './_headers.ts';

export default headerRule({
  id: 'web-content-type-options',
  title: 'Sites send X-Content-Type-Options: nosniff',
  severity: 'low',
  rationale:
    'Browsers that guess the type of a response can run an uploaded text or image file as script or style sheet. nosniff makes them trust the declared Content-Type.',
  description: 'Every exposed site serving content must send X-Content-Type-Options with the value nosniff.',
  remediation:
    'nginx, in each server block:\n  add_header X-Content-Type-Options "nosniff" always;\nApache, in each <VirtualHost> (or globally, in conf-available/security.conf):\n  Header always set X-Content-Type-Options "nosniff"',
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' }],
  header: 'X-Content-Type-Options',
  judge(headers) {
    const h = lastHeader(headers, 'x-content-type-options');
    if (!h) return { status: 'missing' };
    if (/^\s*nosniff\s*$/i.test(h.value)) return { status: 'ok' };
    return { status: 'weak', header: h, detail: `value "${h.value}" instead of nosniff` };
  },
});
