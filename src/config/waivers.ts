/**
 * Waivers applied to a finished report: a pure step after the engine. A failing finding a
 * waiver covers becomes `waived` with the waiver's reason; a finding only an expired waiver
 * covers keeps failing and says so in its message.
 */
import type { Finding, Report } from '../core/report-schema.ts';
import { compareFindings, summarize } from '../core/summary.ts';
import { matchGlobComponent } from '../target/glob.ts';
import type { Waiver } from './schema.ts';

/** What applying the waivers did besides changing findings. */
export interface WaiverOutcome {
  report: Report;
  /** Waivers of rules that ran that covered no failing finding. */
  stale: Waiver[];
  /** Expired waivers that covered at least one failing finding, which therefore still fails. */
  expired: Waiver[];
}

function matchComponents(pattern: readonly string[], parts: readonly string[]): boolean {
  if (pattern.length === 0) return parts.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') return parts.some((_, i) => matchComponents(rest, parts.slice(i))) || matchComponents(rest, []);
  return parts.length > 0 && matchGlobComponent(head!, parts[0]!) && matchComponents(rest, parts.slice(1));
}

/** True when `path` equals `pattern` or matches it as a shell glob (`**` spans directories). */
export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === path) return true;
  return matchComponents(pattern.split('/'), path.split('/'));
}

/** True when the waiver covers the finding (any status; the caller keeps to failures). */
export function waiverCovers(w: Waiver, f: Finding): boolean {
  if (w.rule !== f.ruleId) return false;
  if (w.path !== undefined && !f.evidence.some((e) => e.path !== undefined && pathMatches(w.path!, e.path))) return false;
  if (w.match !== undefined) {
    const re = new RegExp(w.match);
    if (!re.test(f.message) && !f.evidence.some((e) => e.snippet !== undefined && re.test(e.snippet))) return false;
  }
  return true;
}

/** True when the waiver's last day is before `today` (both YYYY-MM-DD). */
export const isExpired = (w: Waiver, today: string): boolean => w.expires !== undefined && w.expires < today;

/**
 * Applies the waivers to the report's failing findings as of `today` (YYYY-MM-DD) and
 * recomputes the summary and the order. The first valid waiver that covers a finding wins.
 */
export function applyWaivers(report: Report, waivers: readonly Waiver[], today: string): WaiverOutcome {
  const used = new Set<Waiver>();
  const expiredUsed = new Set<Waiver>();
  const findings = report.findings.map((f): Finding => {
    if (f.status !== 'fail') return f;
    const covering = waivers.filter((w) => waiverCovers(w, f));
    for (const w of covering) used.add(w);
    const valid = covering.find((w) => !isExpired(w, today));
    if (valid) return { ...f, status: 'waived', waiver: { reason: valid.reason, ...(valid.expires !== undefined ? { expires: valid.expires } : {}) } };
    const expired = covering[0];
    if (!expired) return f;
    expiredUsed.add(expired);
    return { ...f, message: `${f.message} (waiver expired on ${expired.expires}: ${expired.reason})` };
  });
  findings.sort(compareFindings);
  const ran = new Set(report.findings.map((f) => f.ruleId));
  return {
    report: { ...report, findings, summary: summarize(findings) },
    stale: waivers.filter((w) => ran.has(w.rule) && !used.has(w)),
    expired: waivers.filter((w) => expiredUsed.has(w)),
  };
}
