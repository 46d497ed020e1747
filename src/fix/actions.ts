/**
 * What a fix may do, as data: write a file garrison manages as a whole, change the mode or
 * owner of a file, replace one line of a configuration file (only if it still reads as it did
 * in the audit), or add a line a file lacks. Nothing else: no package installs, no service
 * restarts, no deletions. The renderers turn these into a shell script or an Ansible playbook.
 */
import type { Evidence, Finding } from '../core/report-schema.ts';

/** A file garrison writes in full: the lines of every fix that targets it. */
export interface ManagedFile {
  path: string;
  mode: string;
  /** What applies the file after it changes. */
  reload: string;
}

/** One change a fix makes. */
export type FixAction =
  /** A line of a managed file. */
  | { kind: 'setting'; file: ManagedFile; line: string }
  /** An absolute mode (`0600`) or a symbolic one (`o-rwx`, `g-w`, `u-s`). */
  | { kind: 'mode'; path: string; mode: string }
  | { kind: 'owner'; path: string; uid: number }
  /**
   * Line `line` of `path` reads `expect` (surrounding blanks ignored): replace it with
   * `change(expect)`. Several edits of one line compose in the order they are planned.
   */
  | { kind: 'edit'; path: string; line: number; expect: string; change: (text: string) => string; reload?: string }
  /** `text` becomes a line of `path` unless the file already has exactly that line. */
  | { kind: 'append'; path: string; text: string; reload?: string }
  /** A top-level key of a JSON object file (created when absent), unless the file already sets it. `value` is JSON. */
  | { kind: 'json-key'; path: string; key: string; value: string; reload?: string }
  /** A relative symbolic link `path` → `target` (enabling an Apache module or configuration), unless `path` exists. */
  | { kind: 'symlink'; path: string; target: string; reload?: string };

/** A fix either acts (with an optional caution the script prints for review) or says why it cannot. */
export type FixResult = { actions: FixAction[]; caution?: string } | { skip: string };

/** Every failing finding of the report, for fixes that depend on another finding. */
export interface FixContext {
  findings: readonly Finding[];
}

export type Fix = (finding: Finding, ctx: FixContext) => FixResult;

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Absolute evidence paths of a finding, once each, in order. */
export function evidencePaths(finding: Finding): string[] {
  return [...new Set(finding.evidence.map((e) => e.path).filter((p): p is string => p !== undefined && p.startsWith('/')))];
}

/** Evidence quoting a whole, unredacted, unshortened line of a file: the only kind a line edit may rely on. */
export function editableLine(e: Evidence): e is Evidence & { path: string; line: number; snippet: string } {
  return (
    e.path !== undefined && e.path.startsWith('/') && e.line !== undefined && e.snippet !== undefined && e.snippet !== '' &&
    !e.snippet.includes('<redacted') && !e.snippet.endsWith('…')
  );
}

/** An edit of the line quoted by `e`. */
export function editOf(e: Evidence & { path: string; line: number; snippet: string }, change: (text: string) => string, reload?: string): FixAction {
  return reload === undefined ? { kind: 'edit', path: e.path, line: e.line, expect: e.snippet, change } : { kind: 'edit', path: e.path, line: e.line, expect: e.snippet, change, reload };
}

/** A fix that edits the first evidence line matching `pattern` with `change`, or skips with `why`. */
export function editFirst(pattern: RegExp, change: (text: string) => string, opts: { reload?: string; caution?: string; why?: string } = {}): Fix {
  return (finding) => {
    const e = finding.evidence.find((x) => editableLine(x) && pattern.test(x.snippet));
    if (!e || !editableLine(e)) return { skip: opts.why ?? 'no line of the configuration to change was quoted; follow the remediation by hand' };
    const actions = [editOf(e, change, opts.reload)];
    return opts.caution === undefined ? { actions } : { actions, caution: opts.caution };
  };
}

/** Comments a line out, keeping its text so that the change is plain to see. */
export const commentOut = (text: string): string => `# ${text}    # disabled by garrison fix`;

/** Mode changes on every absolute path the finding names as a whole file or directory (not a quoted line). */
export function modeFix(mode: string, opts: { only?: (e: Evidence) => boolean } = {}): Fix {
  return (finding) => {
    const paths = [...new Set(finding.evidence.filter((e) => e.path?.startsWith('/') && e.line === undefined && (opts.only?.(e) ?? true)).map((e) => e.path!))];
    if (paths.length === 0) return { skip: 'the finding names no file' };
    return { actions: paths.map((path) => ({ kind: 'mode', path, mode })) };
  };
}
