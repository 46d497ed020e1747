/**
 * Template of the security-header rules (HSTS, X-Frame-Options, X-Content-Type-Options,
 * Referrer-Policy): for every exposed site that serves content, each place answering
 * requests must send an acceptable value of the header. A site whose top level sends it
 * passes here even if a location drops it: that trap is web-add-header-inheritance's job.
 */
import { defineRule, type Rule } from '../../core/rule.ts';
import type { Reference } from '../../core/report-schema.ts';
import type { Severity } from '../../core/severity.ts';
import { lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { noWebServer, webSites, type SiteHeader, type WebSite } from './_sites.ts';

/** What a header set says about the header: fine, absent, or present with a weak value. */
export type HeaderVerdict = { status: 'ok' } | { status: 'missing' } | { status: 'weak'; header: SiteHeader; detail: string };

export interface HeaderRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  description: string;
  remediation: string;
  references: Reference[];
  /** Name shown in messages ("Strict-Transport-Security"). */
  header: string;
  /** Sites the rule applies to (default: every exposed site serving content). */
  applies?: (site: WebSite) => boolean;
  judge: (headers: readonly SiteHeader[], param: <T>(name: string) => T) => HeaderVerdict;
  params?: Record<string, { default: unknown; description: string }>;
}

/** The last header of that (lower-case) name in a set; an empty value is not sent at all. */
export function lastHeader(headers: readonly SiteHeader[], name: string): SiteHeader | undefined {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]!.name === name && headers[i]!.value.trim() !== '') return headers[i];
  return undefined;
}

/** Builds one header rule from the spec. */
export function headerRule(spec: HeaderRuleSpec): Rule {
  return defineRule({
    id: spec.id,
    family: 'web',
    title: spec.title,
    severity: spec.severity,
    rationale: spec.rationale,
    description: spec.description,
    remediation: spec.remediation,
    references: spec.references,
    ...(spec.params ? { params: spec.params } : {}),
    messages: {
      missing: `{{site}} does not send ${spec.header} in {{where}}.`,
      weak: `{{site}} sends ${spec.header} with a weak value: {{detail}}.`,
    },
    requires: ['nginx', 'apache'],
    check({ nginx, apache }, report, ctx) {
      if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
      const applies = spec.applies ?? ((s: WebSite) => s.exposed && s.servesContent);
      const param = <T,>(name: string): T => ctx.param<T>(name);
      // A value computed from variables ($hsts) cannot be judged here: it is given the benefit of the doubt.
      const judge = (headers: readonly SiteHeader[]): HeaderVerdict => {
        const v = spec.judge(headers, param);
        return v.status === 'weak' && v.header.value.includes('$') ? { status: 'ok' } : v;
      };
      for (const site of webSites(nginx, apache).filter(applies)) {
        const top = judge(site.headers);
        if (top.status === 'ok') continue;
        const contexts = site.contentContexts.length > 0 ? site.contentContexts : [{ label: 'server level', source: site.source, headers: site.headers }];
        const verdicts = contexts.map((c) => ({ c, v: judge(c.headers) })).filter((x) => x.v.status !== 'ok');
        if (verdicts.length === 0) continue;
        const weak = verdicts.find((x) => x.v.status === 'weak');
        if (weak && weak.v.status === 'weak') {
          report.fail('weak', { data: { site: site.label, detail: weak.v.detail }, evidence: [lineEvidence(weak.v.header.source, `in ${weak.c.label}`)], key: site.key });
          continue;
        }
        const evidence: Evidence[] = [lineEvidence(site.source, site.label)];
        const seen = new Set<string>();
        const add = (e: Evidence) => {
          const k = `${e.path}:${e.line}:${e.note}`;
          if (!seen.has(k)) evidence.push(e);
          seen.add(k);
        };
        for (const { c } of verdicts) {
          // Where the header would have to be added: nginx replaces the whole add_header list at
          // the innermost level that has one, so name that level (or say there is none).
          const last = c.headers.at(-1);
          if (site.server === 'nginx' && !last) add(lineEvidence(c.source, `${c.label}: no ${spec.header} (no add_header at any level)`));
          else if (c.source !== site.source) add(lineEvidence(c.source, `${c.label}: no ${spec.header}`));
          if (site.server === 'nginx' && last) add(lineEvidence(last.source, `${c.label} takes its add_header list from this level`));
        }
        if (site.server === 'apache' && site.headers.length === 0) add(lineEvidence(site.source, 'no Header directive here or in the main server sets any header'));
        const where = verdicts.length === contexts.length ? 'any of its responses' : verdicts.map((x) => x.c.label).join(', ');
        report.fail('missing', { data: { site: site.label, where }, evidence, key: site.key });
      }
    },
  });
}
