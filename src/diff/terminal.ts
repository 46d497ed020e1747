/**
 * The human rendering of a diff: new failures first (most severe first, with evidence), then
 * what was fixed, what disappeared without being fixed, what is waived and what could not be
 * checked; still-failing findings are counted, and listed with --verbose; then a summary.
 */
import pc from 'picocolors';
import { redactSecrets } from '../core/redact.ts';
import type { RenderOptions } from '../report/reporter.ts';
import { wrap } from '../report/terminal.ts';
import type { Diff, DiffEntry, GoneReason, ReportRef } from './schema.ts';

type Paint = (s: string) => string;

const GONE_REASON_TEXT: Record<GoneReason, string> = {
  'not-run': 'the rule did not run in the newer report',
  'not-applicable': 'no longer applicable',
  'not-checked': 'could not be checked in the newer report',
};

function describeRef(r: ReportRef): string {
  return `${r.file} (${r.hostname}, ${r.startedAt}, score ${r.score})`;
}

function renderEntry(e: DiffEntry, label: string, p: ReturnType<typeof pc.createColors>, o: RenderOptions, detail: boolean): string {
  const lines = [`${label} ${e.severity.toUpperCase().padEnd(8)} ${p.bold(e.title)} ${p.dim(`[${e.ruleId}]`)}`];
  if (detail) {
    lines.push(wrap(redactSecrets(e.message, { prose: true }), o.width, '      '));
    const max = o.verbose ? e.evidence.length : Math.min(e.evidence.length, 5);
    for (const ev of e.evidence.slice(0, max)) {
      const where = ev.path ? `${ev.path}${ev.line ? `:${ev.line}` : ''}` : '';
      const text = ev.snippet ? `  ${p.bold(redactSecrets(ev.snippet))}` : '';
      const note = ev.note ? `  ${p.dim(`(${redactSecrets(ev.note, { prose: true })})`)}` : '';
      lines.push(`      ${p.cyan('▸')} ${p.cyan(where)}${text}${note}`);
    }
    if (e.evidence.length > max) lines.push(p.dim(`      … ${e.evidence.length - max} more (see --verbose)`));
  }
  const notes: string[] = [];
  if (e.before !== 'absent' && e.before !== 'fail' && e.after === 'fail') notes.push(`was ${e.before}`);
  if (e.reason !== undefined) notes.push(GONE_REASON_TEXT[e.reason]);
  if (e.waiver !== undefined) notes.push(`waived: ${e.waiver.reason}${e.waiver.expires ? ` (until ${e.waiver.expires})` : ''}`);
  if (notes.length > 0) lines.push(`      ${p.dim(notes.join('; '))}`);
  return lines.join('\n');
}

/** A titled group of entries; `spaced` puts a blank line after each (for entries shown with details). */
function section(title: string, paint: Paint, entries: DiffEntry[], render: (e: DiffEntry) => string, spaced: boolean): string[] {
  if (entries.length === 0) return [];
  const body = spaced ? entries.flatMap((e) => [render(e), '']) : [...entries.map(render), ''];
  return [paint(`── ${title} (${entries.length}) ${'─'.repeat(Math.max(0, 44 - title.length))}`), ...body];
}

/** Renders a diff for a terminal. */
export function renderDiffTerminal(d: Diff, o: RenderOptions): string {
  const p = pc.createColors(o.color);
  const out: string[] = [p.bold(`garrison diff — ${describeRef(d.before)} → ${describeRef(d.after)}`), ''];
  out.push(...section('New failures', (s) => p.bold(p.red(s)), d.newFailures, (e) => renderEntry(e, p.red('NEW  '), p, o, true), true));
  out.push(...section('Fixed', p.green, d.fixed, (e) => renderEntry(e, p.green('FIXED'), p, o, o.verbose), o.verbose));
  out.push(...section('Gone without a fix', p.yellow, d.gone, (e) => renderEntry(e, p.yellow('GONE '), p, o, o.verbose), o.verbose));
  out.push(...section('Waived', p.blue, d.waived, (e) => renderEntry(e, p.blue('WAIVED'), p, o, o.verbose), o.verbose));
  out.push(...section('Could not be checked', p.yellow, d.errors, (e) => renderEntry(e, p.yellow('ERROR'), p, o, true), true));
  if (o.verbose) out.push(...section('Still failing', p.red, d.stillFailing, (e) => renderEntry(e, p.red('STILL'), p, o, false), false));
  for (const e of d.runErrors) out.push(`${p.yellow('run error:')} ${e.message}${e.path ? ` (${e.path})` : ''}`);
  const s = d.summary;
  const stillHint = !o.verbose && s.stillFailing > 0 ? ' (listed with --verbose)' : '';
  out.push(
    p.bold(
      `${s.newFailures} new, ${s.fixed} fixed, ${s.gone} gone, ${s.stillFailing} still failing${stillHint}, ${s.waived} waived, ${s.errors} not checked — score ${d.before.score} → ${d.after.score}`,
    ),
  );
  return `${out.join('\n')}\n`;
}
