/**
 * Renders planned fixes as a POSIX shell script or an Ansible playbook. Both are written for
 * review and never run by garrison. The shell script takes the root of the system to change
 * as its first argument (default /), prefixes every path with it, is idempotent, backs up each
 * file before replacing it and prints every change it makes.
 */
import type { Report } from '../core/report-schema.ts';
import type { FixAction, ManagedFile, PlannedFix } from './fixes.ts';

/** The content of each managed file: its settings, in the order the fixes gave them, once each. */
function managedFiles(plans: readonly PlannedFix[]): Map<ManagedFile, string[]> {
  const files = new Map<ManagedFile, string[]>();
  for (const a of actionsOf(plans)) {
    if (a.kind !== 'setting') continue;
    const lines = files.get(a.file) ?? [];
    if (!lines.includes(a.line)) lines.push(a.line);
    files.set(a.file, lines);
  }
  return files;
}

function actionsOf(plans: readonly PlannedFix[]): FixAction[] {
  return plans.flatMap((p) => ('actions' in p.result ? p.result.actions : []));
}

function fileContent(lines: readonly string[]): string {
  return ['# Written by garrison fix. Review before changing; garrison rewrites this file as a whole.', ...lines].join('\n');
}

/** A single-quoted shell word. */
function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One comment line (no line breaks can escape the comment). */
function comment(s: string): string {
  return `# ${s.replace(/[\r\n]+/g, ' ')}`;
}

function summaryComments(plans: readonly PlannedFix[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    const where = p.finding.evidence[0]?.path ?? '';
    if ('skip' in p.result) out.push(comment(`SKIPPED ${p.finding.ruleId} (${where}): ${p.result.skip}`));
    else out.push(comment(`fixes ${p.finding.ruleId}: ${p.finding.message}`));
  }
  return out;
}

function source(report: Report, reportName: string): string {
  return `${reportName} (audit of ${report.target.hostname || report.target.root} at ${report.startedAt})`;
}

const SH_FUNCTIONS = String.raw`ROOT=${'$'}{1:-/}
ROOT=${'$'}{ROOT%/}
STAMP=$(date +%Y%m%d%H%M%S)

# has_link PATH: true when PATH or a directory above it (inside ROOT) is a symbolic link, which
# could lead out of ROOT: such paths are left alone.
has_link() {
  p=$1
  while [ -n "$p" ] && [ "$p" != / ]; do
    if [ -L "$ROOT$p" ]; then return 0; fi
    p=${'$'}{p%/*}
  done
  return 1
}

# write_file PATH MODE CONTENT: replaces PATH (inside ROOT) with CONTENT unless it already has it.
write_file() {
  f="$ROOT$1"
  if has_link "$1"; then echo "skipped: $1 is or lies under a symbolic link"; return 0; fi
  if [ -f "$f" ] && [ "$(cat "$f")" = "$3" ]; then echo "unchanged: $1"; return 0; fi
  if [ -e "$f" ]; then cp -p "$f" "$f.garrison-bak.$STAMP"; echo "backup: $1 -> $1.garrison-bak.$STAMP"; fi
  mkdir -p "$(dirname "$f")"
  rm -f "$f.garrison-new"
  printf '%s\n' "$3" > "$f.garrison-new"
  chmod "$2" "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "wrote: $1"
}

# set_mode PATH MODE: chmod unless the mode is already MODE (the old mode is printed).
set_mode() {
  f="$ROOT$1"
  if has_link "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  old=$(stat -c %a "$f")
  if [ "$old" = "${'$'}{2#0}" ]; then echo "unchanged: $1 mode $2"; return 0; fi
  chmod "$2" "$f"
  echo "chmod: $1 $old -> $2"
}

# set_owner PATH UID: chown unless already owned by UID (the old owner is printed).
set_owner() {
  f="$ROOT$1"
  if has_link "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  old=$(stat -c %u "$f")
  if [ "$old" = "$2" ]; then echo "unchanged: $1 owner $2"; return 0; fi
  chown "$2" "$f"
  echo "chown: $1 $old -> $2"
}
`;

/** The shell script. */
export function renderSh(report: Report, reportName: string, plans: readonly PlannedFix[]): string {
  const lines = [
    '#!/bin/sh',
    comment(`garrison fix: remediation generated from ${source(report, reportName)}.`),
    '# Review every line before running it. Usage: sh SCRIPT [ROOT]   (ROOT defaults to /).',
    '# Files are backed up to FILE.garrison-bak.<timestamp> before they are replaced; mode and owner',
    '# changes print the old value. Running the script again changes nothing.',
    ...summaryComments(plans),
    'set -eu',
    SH_FUNCTIONS,
  ];
  const files = managedFiles(plans);
  for (const [file, settings] of files) lines.push(`write_file ${shq(file.path)} ${file.mode} ${shq(fileContent(settings))}`);
  for (const a of actionsOf(plans)) {
    if (a.kind === 'mode') lines.push(`set_mode ${shq(a.path)} ${a.mode}`);
    if (a.kind === 'owner') lines.push(`set_owner ${shq(a.path)} ${a.uid}`);
  }
  for (const file of files.keys()) lines.push(`echo ${shq(`to apply ${file.path}: ${file.reload}`)}`);
  return `${[...new Set(lines.filter((l) => l !== ''))].join('\n')}\n`;
}

/** A YAML scalar: JSON strings are valid YAML double-quoted scalars. */
function yq(s: string): string {
  return JSON.stringify(s);
}

/** The Ansible playbook (ansible.builtin modules only). */
export function renderAnsible(report: Report, reportName: string, plans: readonly PlannedFix[]): string {
  const out = [
    comment(`garrison fix: remediation generated from ${source(report, reportName)}.`),
    '# Review before running. Replaced files are backed up by Ansible (backup: true).',
    ...summaryComments(plans),
    '- name: garrison remediation',
    '  hosts: all',
    '  become: true',
  ];
  const files = managedFiles(plans);
  const tasks: string[] = [];
  for (const [file, settings] of files) {
    tasks.push(
      `    - name: ${yq(`write ${file.path}`)}`,
      '      ansible.builtin.copy:',
      `        dest: ${yq(file.path)}`,
      `        content: ${yq(`${fileContent(settings)}\n`)}`,
      '        owner: root',
      '        group: root',
      `        mode: ${yq(file.mode)}`,
      '        backup: true',
    );
  }
  const seen = new Set<string>();
  for (const a of actionsOf(plans)) {
    if (a.kind === 'setting') continue;
    const key = JSON.stringify(a);
    if (seen.has(key)) continue;
    seen.add(key);
    tasks.push(
      `    - name: ${yq(a.kind === 'mode' ? `mode ${a.mode} on ${a.path}` : `owner ${a.uid} of ${a.path}`)}`,
      '      ansible.builtin.file:',
      `        path: ${yq(a.path)}`,
      a.kind === 'mode' ? `        mode: ${yq(a.mode)}` : `        owner: ${yq(String(a.uid))}`,
      '        follow: false',
    );
  }
  out.push(tasks.length > 0 ? '  tasks:' : '  tasks: []', ...tasks);
  if (files.size > 0) out.push('  post_tasks:', ...[...files.keys()].map((f) => `    - ansible.builtin.debug:\n        msg: ${yq(`to apply ${f.path}: ${f.reload}`)}`));
  return `${out.join('\n')}\n`;
}
