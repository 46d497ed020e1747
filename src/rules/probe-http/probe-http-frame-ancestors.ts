import { defineRule } from '../../core/rule.ts';
import { NGINX_PROXY, forEachHttpsPage, headerEvidence, headerValues } from './_http.ts';

/** The frame-ancestors sources of a Content-Security-Policy value, or undefined if absent. */
export function frameAncestors(policy: string): string[] | undefined {
  for (const directive of policy.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name?.toLowerCase() === 'frame-ancestors') return sources;
  }
  return undefined;
}

export default defineRule({
  id: 'probe-http-frame-ancestors',
  family: 'probe-http',
  title: 'The Content-Security-Policy restricts who may frame the pages',
  severity: 'medium',
  rationale:
    'A page that any site may load in a frame can be overlaid with a decoy so that users click buttons they cannot see (clickjacking), for instance in an administration GUI. The CSP frame-ancestors directive is the standard way to forbid it.',
  description:
    'Reads every Content-Security-Policy header (not the Report-Only variant) of the page an HTTPS endpoint serves. Passes when one of them has a frame-ancestors directive that allows neither any origin (`*`) nor whole schemes (`https:`, `http:`, `data:`).',
  remediation:
    'nginx, in the HTTPS server block: `add_header Content-Security-Policy "frame-ancestors \'none\'" always;` (or `\'self\'` when the application frames its own pages), then `nginx -t && systemctl reload nginx`.',
  references: [NGINX_PROXY],
  messages: {
    missing: '{{endpoint}} sends no Content-Security-Policy with frame-ancestors.',
    permissive: '{{endpoint}} allows framing by any site: frame-ancestors {{sources}}.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachHttpsPage(probes, report, ctx, (rec, page) => {
      const values = headerValues(page, 'content-security-policy');
      const evidence = headerEvidence(rec, page, 'Content-Security-Policy', values);
      const lists = values.map(frameAncestors).filter((s): s is string[] => s !== undefined);
      if (lists.length === 0) return report.fail('missing', { data: { endpoint: rec.endpoint }, evidence, key: rec.endpoint });
      // Several policies all apply: framing is allowed only if every list allows it.
      const open = (s: string[]) => s.some((src) => src === '*' || /^(https?|data|blob):$/i.test(src));
      if (lists.every(open))
        report.fail('permissive', { data: { endpoint: rec.endpoint, sources: lists[0]!.join(' ') }, evidence, key: rec.endpoint });
    });
  },
});
