import { defineRule } from '../../core/rule.ts';
import { describeMode, fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { noWebServer, webSites } from './_sites.ts';

export default defineRule({
  id: 'web-tls-key-permissions',
  family: 'web',
  title: 'TLS private keys of web servers are not readable by other users',
  severity: 'high',
  rationale:
    'Anyone who can read a server\'s private key can impersonate the site and, without forward secrecy, decrypt recorded traffic. The master process reads it as root, so nobody else needs access.',
  description:
    'Every file named by nginx ssl_certificate_key or Apache SSLCertificateKeyFile (SSLCertificateFile when no key file is set) must have no permission bits for others and no write bit for the group. Group read is accepted (Debian\'s ssl-cert group). Keys given through variables or engines are not checked.',
  remediation:
    'chown root:root KEYFILE && chmod 600 KEYFILE   (or root:ssl-cert and 640 on Debian)\nAnd, since the key was exposed, consider issuing a new key and certificate.',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  messages: {
    keyReadable: 'The TLS private key {{path}} of {{site}} has mode {{mode}}: {{problem}}.',
  },
  requires: ['nginx', 'apache'],
  check({ nginx, apache }, report) {
    if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
    const seen = new Set<string>();
    for (const site of webSites(nginx, apache)) {
      for (const k of site.certificateKeys) {
        if (!k.info || seen.has(k.path)) continue;
        seen.add(k.path);
        const mode = k.info.mode & 0o7777;
        const problem = mode & 0o007 ? 'other users can access it' : mode & 0o020 ? 'its group can write it' : null;
        if (!problem) continue;
        report.fail('keyReadable', {
          data: { path: k.path, site: site.label, mode: describeMode(mode), problem },
          evidence: [fileEvidence(k.path, `${describeMode(mode)} uid ${k.info.uid} gid ${k.info.gid}`), lineEvidence(k.source)],
          key: k.path,
        });
      }
    }
  },
});
