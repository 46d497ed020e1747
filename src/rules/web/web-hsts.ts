import { headerRule, lastHeader } from './_headers.ts';

export default headerRule({
  id: 'web-hsts',
  title: 'HTTPS sites send Strict-Transport-Security for at least a year',
  severity: 'medium',
  rationale:
    'Without HSTS a browser that follows an http:// link or bookmark makes its first request in clear, where an attacker on the path can answer instead of the site and keep the user on plain HTTP. A long max-age makes the browser refuse plain HTTP for the site by itself.',
  description:
    'For every TLS server block (nginx) or SSL virtual host (Apache) that serves content beyond loopback, the effective Strict-Transport-Security header (add_header with nginx inheritance, Header set/always set in Apache) must be present with max-age of at least the `minMaxAge` parameter.',
  remediation:
    'nginx, in each TLS server block (and in every location that has add_header directives of its own):\n  add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\nApache, in each SSL <VirtualHost> (mod_headers enabled: a2enmod headers):\n  Header always set Strict-Transport-Security "max-age=31536000; includeSubDomains"\nThen reload the server (systemctl reload nginx / apache2).',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Firewall/Networking' },
  ],
  header: 'Strict-Transport-Security',
  params: { minMaxAge: { default: 31536000, description: 'Smallest acceptable max-age in seconds (one year by default).' } },
  applies: (s) => s.tls && s.exposed && s.servesContent,
  judge(headers, param) {
    const h = lastHeader(headers, 'strict-transport-security');
    if (!h) return { status: 'missing' };
    const m = /max-age\s*=\s*"?(\d+)/i.exec(h.value);
    const min = param<number>('minMaxAge');
    if (!m) return { status: 'weak', header: h, detail: 'no max-age directive' };
    const age = Number(m[1]);
    if (age < min) return { status: 'weak', header: h, detail: `max-age=${age} is below ${min} seconds` };
    return { status: 'ok' };
  },
});
