import { defineRule } from '../../core/rule.ts';
import { noWebServer, settingEvidence, webSites } from './_sites.ts';
import { weakCiphers } from './_ciphers.ts';

export default defineRule({
  id: 'web-weak-ciphers',
  family: 'web',
  title: 'Web servers offer no weak cipher suites',
  severity: 'high',
  rationale:
    'Export-grade, NULL, anonymous (aNULL), RC4, DES and 3DES suites, or MD5 MACs, can be broken or bypassed by a network attacker; a server that offers them lets a client or a downgrade select them.',
  description:
    'The effective cipher string of every TLS site (nginx ssl_ciphers, default HIGH:!aNULL:!MD5; Apache SSLCipherSuite) is evaluated like OpenSSL does: items added in order, "-" removing, "!" removing for good, "+" combining aliases. The rule fails when the resulting list contains an export, NULL, anonymous, RC4, DES, 3DES, RC2 or MD5 suite.',
  remediation:
    'Use a modern list, e.g. Mozilla\'s intermediate profile:\n  nginx:  ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384;\n  Apache: SSLCipherSuite with the same list.\nOr append exclusions to the current string: ":!aNULL:!eNULL:!EXPORT:!DES:!3DES:!RC4:!MD5".',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  messages: {
    weakCiphers: '{{site}} offers weak cipher suites: {{detail}}.',
  },
  requires: ['nginx', 'apache'],
  check({ nginx, apache }, report) {
    if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
    for (const site of webSites(nginx, apache).filter((s) => s.tls)) {
      const weak = weakCiphers(site.ciphers.value);
      if (weak.size === 0) continue;
      const detail = [...weak.entries()].map(([why, names]) => `${why} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`).join('; ');
      report.fail('weakCiphers', {
        data: { site: site.label, detail },
        evidence: [settingEvidence(site, site.ciphers, 'no cipher directive: the server default applies')],
        key: site.key,
      });
    }
  },
});
