import type { SourceLine } from '../parsers/types.ts';
import { redactSecrets } from './redact.ts';
import type { Evidence } from './report-schema.ts';

const MAX_SNIPPET = 300;

/** Shortens and redacts a piece of text before it goes into a finding. */
export function snippet(text: string): string {
  let s = redactSecrets(text.trim());
  if (s.length > MAX_SNIPPET) s = `${s.slice(0, MAX_SNIPPET - 1)}…`;
  return s;
}

/** Evidence pointing at one line of a configuration file. */
export function lineEvidence(src: SourceLine, note?: string): Evidence {
  const e: Evidence = { path: src.file, line: src.line, snippet: snippet(src.text) };
  if (note !== undefined) e.note = note;
  return e;
}

/** Evidence pointing at a file as a whole (a permission, an owner, a missing setting). */
export function fileEvidence(path: string, note?: string, text?: string): Evidence {
  const e: Evidence = { path };
  if (text !== undefined) e.snippet = snippet(text);
  if (note !== undefined) e.note = note;
  return e;
}

/** Formats a mode the way ls does for the permission bits, e.g. 0o4755 -> "rwsr-xr-x". */
export function modeString(mode: number): string {
  const c = (bit: number, ch: string) => (mode & bit ? ch : '-');
  const special = (x: number, s: number, lower: string, upper: string) =>
    mode & s ? (mode & x ? lower : upper) : mode & x ? 'x' : '-';
  return (
    c(0o400, 'r') + c(0o200, 'w') + special(0o100, 0o4000, 's', 'S') +
    c(0o040, 'r') + c(0o020, 'w') + special(0o010, 0o2000, 's', 'S') +
    c(0o004, 'r') + c(0o002, 'w') + special(0o001, 0o1000, 't', 'T')
  );
}

/** "0644 (rw-r--r--) root:root" */
export function describeMode(mode: number, owner?: string, group?: string): string {
  const oct = (mode & 0o7777).toString(8).padStart(4, '0');
  const who = owner !== undefined ? ` ${owner}:${group ?? '?'}` : '';
  return `${oct} (${modeString(mode)})${who}`;
}
