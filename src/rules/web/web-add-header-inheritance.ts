import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { NginxHeader } from '../../facts/nginx.ts';

/** Response headers whose silent loss weakens the browser's protections. */
const SECURITY_HEADERS = new Set([
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'content-security-policy',
  'referrer-policy',
  'permissions-policy',
  'x-xss-protection',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
]);

function lost(parent: readonly NginxHeader[], effective: readonly NginxHeader[]): NginxHeader[] {
  const kept = new Set(effective.map((h) => h.name));
  const out: NginxHeader[] = [];
  for (const h of parent) if (SECURITY_HEADERS.has(h.name) && !kept.has(h.name) && !out.some((o) => o.name === h.name)) out.push(h);
  return out;
}

function headerName(h: NginxHeader): string {
  return h.source.text.trim().split(/\s+/)[1]?.replace(/^["']|["']$/g, '') ?? h.name;
}

export default defineRule({
  id: 'web-add-header-inheritance',
  family: 'web',
  title: 'No nginx block silently drops the security headers of its parent',
  severity: 'medium',
  rationale:
    'nginx inherits add_header directives from the enclosing level only when a block defines none of its own. One add_header in a location (often for caching or CORS) therefore removes HSTS, X-Frame-Options and the like from every response of that location, without any warning.',
  description:
    'For every server block and every location (and `if` inside a location) of nginx that serves content: when the block has add_header directives of its own, the security headers in effect at the enclosing level (Strict-Transport-Security, X-Frame-Options, X-Content-Type-Options, Content-Security-Policy, Referrer-Policy, Permissions-Policy, X-XSS-Protection, Cross-Origin-*) must all be repeated in it. nginx 1.29.3+ `add_header_inherit merge` is honoured.',
  remediation:
    'Repeat the security headers in the block that defines its own add_header, most simply with a snippet:\n  # /etc/nginx/snippets/security-headers.conf\n  add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\n  add_header X-Frame-Options "DENY" always;\n  add_header X-Content-Type-Options "nosniff" always;\n  add_header Referrer-Policy "no-referrer" always;\nand `include snippets/security-headers.conf;` in the server block and in every location that has add_header lines.',
  references: [{ guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' }],
  messages: {
    locationDropsHeaders: '{{where}} in {{site}} defines its own add_header and so drops {{headers}}.',
  },
  requires: ['nginx'],
  check({ nginx }, report) {
    if (!nginx.installed) return report.skip('not applicable: nginx is not installed');
    for (const s of nginx.servers) {
      if (s.loopbackOnly || !s.servesContent) continue;
      const site = `server ${s.serverNames.find((n) => n && n !== '_') ?? '(default)'} (${s.source.file}:${s.source.line})`;
      const emit = (where: string, src: NginxHeader['source'], own: readonly NginxHeader[], dropped: NginxHeader[], key: string) => {
        const evidence: Evidence[] = [lineEvidence(src, `${where} with its own add_header`)];
        for (const h of own.slice(0, 2)) evidence.push(lineEvidence(h.source, 'add_header here stops inheritance'));
        for (const h of dropped) evidence.push(lineEvidence(h.source, `${headerName(h)} is not sent for ${where}`));
        report.fail('locationDropsHeaders', { data: { where, site, headers: dropped.map(headerName).join(', ') }, evidence, key });
      };
      if (s.ownHeaders !== null) {
        const dropped = lost(s.httpHeaders, s.headers);
        if (dropped.length > 0) emit('the server block', s.source, s.ownHeaders, dropped, `${s.source.file}:${s.serverNames.join(',')}:server`);
      }
      for (const l of s.locations) {
        if (l.ownHeaders === null || l.disposition !== 'content') continue;
        const dropped = lost(l.parentHeaders, l.headers);
        if (dropped.length === 0) continue;
        const where = `${l.kind === 'if' ? 'if' : 'location'} ${l.match}`;
        emit(where, l.source, l.ownHeaders, dropped, `${l.source.file}:${s.serverNames.join(',')}:${where}`);
      }
    }
  },
});
