import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { noWebServer } from './_sites.ts';

export default defineRule({
  id: 'web-server-tokens',
  family: 'web',
  title: 'Web servers do not disclose their version',
  severity: 'low',
  rationale:
    'A version number in every Server header and error page tells a scanner which known vulnerabilities to try, and which hosts lag behind on updates.',
  description:
    'nginx: the effective server_tokens (http, server, location; default on) of every server block reachable beyond loopback must be off. Apache: ServerTokens (default Full) must be Prod, and ServerSignature (main server and each virtual host) must be Off.',
  remediation:
    'nginx, in the http{} block of /etc/nginx/nginx.conf:\n  server_tokens off;\nApache, in /etc/apache2/conf-available/security.conf (Debian) or httpd.conf:\n  ServerTokens Prod\n  ServerSignature Off\nThen reload the server.',
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' }],
  messages: {
    nginxTokens: 'nginx sends its version (server_tokens {{value}}) for {{count}} server block(s).',
    apacheTokens: 'Apache ServerTokens is {{value}}: the Server header shows more than the product name.',
    apacheSignature: 'Apache ServerSignature is {{value}}{{where}}: error pages and listings show the server version.',
  },
  requires: ['nginx', 'apache'],
  check({ nginx, apache }, report) {
    if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
    if (nginx?.installed) {
      // One finding per directive (or per "default"), listing the server blocks it affects.
      const groups = new Map<string, { value: string; evidence: Evidence[]; count: number }>();
      for (const s of nginx.servers) {
        if (s.loopbackOnly) continue;
        const settings = [s.serverTokens, ...s.locations.filter((l) => l.serverTokens.origin === 'location').map((l) => l.serverTokens)];
        for (const t of settings) {
          if (t.value === 'off') continue;
          const key = t.source ? `${t.source.file}:${t.source.text.trim()}:${t.source.line}` : 'default';
          const g = groups.get(key) ?? { value: t.value, evidence: t.source ? [lineEvidence(t.source)] : [], count: 0 };
          g.count++;
          if (g.evidence.length < 4) g.evidence.push(lineEvidence(s.source, t.source ? 'affected server block' : 'server_tokens not set: nginx defaults to on'));
          groups.set(key, g);
        }
      }
      for (const [key, g] of groups) {
        report.fail('nginxTokens', { data: { value: g.value, count: g.count }, evidence: g.evidence, key: `nginx:${key.replace(/:\d+$/, '')}` });
      }
    }
    if (apache?.installed) {
      const tokens = apache.serverTokens;
      if (!/^prod(uctonly)?$/i.test(tokens.value)) {
        report.fail('apacheTokens', {
          data: { value: tokens.value },
          evidence: [tokens.source ? lineEvidence(tokens.source) : { path: apache.mainFile ?? '/etc/apache2/apache2.conf', note: 'ServerTokens not set: Apache defaults to Full' }],
          key: 'apache:ServerTokens',
        });
      }
      const sigs = [apache.serverSignature, ...apache.vhosts.map((v) => v.serverSignature).filter((s) => s.origin === 'vhost')];
      for (const sig of sigs) {
        if (!/^(on|email)$/i.test(sig.value) || !sig.source) continue;
        report.fail('apacheSignature', {
          data: { value: sig.value, where: sig.origin === 'vhost' ? ' in a virtual host' : '' },
          evidence: [lineEvidence(sig.source)],
          key: `apache:ServerSignature:${sig.source.file}`,
        });
      }
    }
  },
});
