import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { noWebServer, webSites } from './_sites.ts';

export default defineRule({
  id: 'web-http-redirect',
  family: 'web',
  title: 'Plain HTTP only redirects to HTTPS',
  severity: 'medium',
  rationale:
    'Content served over plain HTTP can be read and altered by anyone on the path, and session cookies sent with it leak. The plain-HTTP side of a site should do nothing but send visitors to https://.',
  description:
    'A server block or virtual host with a plain-HTTP socket on a non-loopback address must answer every request with a redirect to https:// (nginx: server-level `return 301 https://...`, a catch-all `rewrite ... https://...`, `if ($scheme = http) { return 301 https://... }`, or only redirecting / refusing locations besides ACME http-01 challenges; Apache: `Redirect / https://...`, a catch-all `RedirectMatch` or `RewriteRule` to https://).',
  remediation:
    'nginx:\n  server {\n      listen 80;\n      listen [::]:80;\n      server_name example.org;\n      return 301 https://$host$request_uri;\n  }\nApache:\n  <VirtualHost *:80>\n      ServerName example.org\n      Redirect permanent / https://example.org/\n  </VirtualHost>',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Firewall/Networking' },
  ],
  messages: {
    servesPlainHttp: '{{site}} serves content over plain HTTP instead of redirecting to HTTPS.',
  },
  requires: ['nginx', 'apache'],
  check({ nginx, apache }, report) {
    if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
    for (const site of webSites(nginx, apache)) {
      if (!site.plainHttpExposed || !site.servesContent || site.plainHttpRedirects) continue;
      const evidence = [lineEvidence(site.source, 'plain-HTTP server without a redirect to https://')];
      for (const c of site.contentContexts.slice(0, 3)) if (c.source !== site.source) evidence.push(lineEvidence(c.source, `${c.label} serves content`));
      report.fail('servesPlainHttp', { data: { site: site.label }, evidence, key: site.key });
    }
  },
});
