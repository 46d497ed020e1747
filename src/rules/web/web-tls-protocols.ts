import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { noWebServer, settingEvidence, webSites } from './_sites.ts';

const OLD = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

export default defineRule({
  id: 'web-tls-protocols',
  family: 'web',
  title: 'Web servers accept only TLS 1.2 and newer',
  severity: 'high',
  rationale:
    'SSL 3.0, TLS 1.0 and TLS 1.1 rely on weak hash constructions and CBC modes with known attacks (POODLE, BEAST) and are deprecated (RFC 8996). Offering them lets an attacker in the path push clients down to them.',
  description:
    'For every TLS server block of nginx and SSL virtual host of Apache, the protocols a client can negotiate must include nothing older than TLSv1.2. nginx: ssl_protocols (inherited from http{}, else nginx\'s default for the installed version) of the default server of each listen socket, since nginx settles the protocol before it selects a server by name; Apache: SSLProtocol with mod_ssl\'s +/- and replace semantics, inherited from the main server. Note that OpenSSL 3 builds refuse TLS 1.0/1.1 at their default security level; the finding is about what the server asks for.',
  remediation:
    'nginx, in the http{} block of /etc/nginx/nginx.conf (a server block\'s own ssl_protocols only counts in the default server of its listen socket):\n  ssl_protocols TLSv1.2 TLSv1.3;\nApache (mods-available/ssl.conf or each SSL vhost):\n  SSLProtocol -all +TLSv1.2 +TLSv1.3\nThen `nginx -t && systemctl reload nginx` or `apachectl configtest && systemctl reload apache2`.',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    oldProtocols: '{{site}} enables {{protocols}}{{origin}}.',
  },
  requires: ['nginx', 'apache'],
  check({ nginx, apache }, report) {
    if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
    for (const site of webSites(nginx, apache).filter((s) => s.tls)) {
      const old = site.protocols.value.filter((p) => OLD.includes(p));
      if (old.length === 0) continue;
      const origin = site.protocols.source ? '' : ' (built-in default, no protocol directive)';
      const evidence = [settingEvidence(site, site.protocols, 'no ssl_protocols/SSLProtocol set: the server default applies')];
      if (site.protocols.decidedBy) {
        evidence.push(lineEvidence(site.protocols.decidedBy, 'default server of the listen socket: nginx negotiates the protocol with its settings, before choosing the server by name'));
      }
      report.fail('oldProtocols', { data: { site: site.label, protocols: old.join(', '), origin }, evidence, key: site.key });
    }
  },
});
