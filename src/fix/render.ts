/**
 * Renders planned fixes as a POSIX shell script or an Ansible playbook. Both are written for
 * review and never run by garrison. The shell script takes the root of the system to change
 * as its first argument (default /), prefixes every path with it, resolves symbolic links and
 * leaves alone any path that would lead out of that root, is idempotent, backs up each file before changing it and
 * prints every change it makes. Backups go to /var/backups/garrison/<timestamp>/, never next to
 * the file (a daemon reading every file of its .d directory would load them).
 */
import type { Report } from '../core/report-schema.ts';
import type { FixAction, ManagedFile } from './actions.ts';
import type { PlannedFix } from './fixes.ts';

/** A line edit with every planned change of that line applied in order. */
interface ResolvedEdit {
  path: string;
  line: number;
  expect: string;
  text: string;
}

/** Everything the planned fixes do, merged: managed files, line edits, appends, modes and owners. */
interface Resolved {
  files: Map<ManagedFile, string[]>;
  edits: ResolvedEdit[];
  appends: { path: string; text: string }[];
  modes: { path: string; mode: string }[];
  owners: { path: string; uid: number }[];
  /** path → JSON keys and values. */
  json: Map<string, [string, string][]>;
  symlinks: { path: string; target: string }[];
  /** What to run after the changes, once each. */
  reloads: string[];
}

function actionsOf(plans: readonly PlannedFix[]): FixAction[] {
  return plans.flatMap((p) => ('actions' in p.result ? p.result.actions : []));
}

function resolve(plans: readonly PlannedFix[]): Resolved {
  const r: Resolved = { files: new Map(), edits: [], appends: [], modes: [], owners: [], json: new Map(), symlinks: [], reloads: [] };
  const edits = new Map<string, ResolvedEdit>();
  const seen = new Set<string>();
  const once = (key: string) => (seen.has(key) ? false : (seen.add(key), true));
  const reload = (what: string, how: string | undefined) => {
    const msg = how === undefined ? undefined : `to apply ${what}: ${how}`;
    if (msg !== undefined && !r.reloads.includes(msg)) r.reloads.push(msg);
  };
  for (const a of actionsOf(plans)) {
    if (a.kind === 'setting') {
      const lines = r.files.get(a.file) ?? [];
      if (!lines.includes(a.line)) lines.push(a.line);
      r.files.set(a.file, lines);
      reload(a.file.path, a.file.reload);
    } else if (a.kind === 'edit') {
      const key = `${a.path}\0${a.line}`;
      const e = edits.get(key);
      if (!e) edits.set(key, { path: a.path, line: a.line, expect: a.expect, text: a.change(a.expect) });
      else if (e.expect === a.expect) e.text = a.change(e.text);
      reload(a.path, a.reload);
    } else if (a.kind === 'append') {
      if (once(`append\0${a.path}\0${a.text}`)) r.appends.push({ path: a.path, text: a.text });
      reload(a.path, a.reload);
    } else if (a.kind === 'json-key') {
      const keys = r.json.get(a.path) ?? [];
      if (!keys.some(([k]) => k === a.key)) keys.push([a.key, a.value]);
      r.json.set(a.path, keys);
      reload(a.path, a.reload);
    } else if (a.kind === 'symlink') {
      if (once(`link\0${a.path}`)) r.symlinks.push({ path: a.path, target: a.target });
      reload(a.path, a.reload);
    } else if (a.kind === 'mode') {
      if (once(`mode\0${a.path}\0${a.mode}`)) r.modes.push({ path: a.path, mode: a.mode });
    } else if (once(`owner\0${a.path}\0${a.uid}`)) r.owners.push({ path: a.path, uid: a.uid });
  }
  r.edits = [...edits.values()].filter((e) => e.text !== e.expect);
  return r;
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
    else {
      out.push(comment(`fixes ${p.finding.ruleId}: ${p.finding.message}`));
      if (p.result.caution !== undefined) out.push(comment(`  CAUTION: ${p.result.caution}`));
    }
  }
  return out;
}

function source(report: Report, reportName: string): string {
  return `${reportName} (audit of ${report.target.hostname || report.target.root} at ${report.startedAt})`;
}

const SH_FUNCTIONS = String.raw`ROOT=$(realpath -e -- "${'$'}{1:-/}")
ROOT=${'$'}{ROOT%/}
STAMP=$(date +%Y%m%d%H%M%S)

# inside PATH: sets f to the real path of PATH inside ROOT, with symbolic links resolved;
# fails when that path would leave ROOT (a link pointing outside it).
inside() {
  f=$(realpath -m -- "$ROOT$1") || return 1
  case "$f" in
    "$ROOT"/*) return 0 ;;
    *) [ -z "$ROOT" ] ;;
  esac
}

# backup PATH: copies $f (the file PATH resolves to) to /var/backups/garrison/STAMP/PATH inside
# ROOT, once per run. Backups stay out of the configuration directories, whose daemons would
# read them as configuration.
BACKUP=/var/backups/garrison/$STAMP
backup() {
  b=$(realpath -m -- "$ROOT$BACKUP$1")
  case "$b" in
    "$ROOT"/*) ;;
    *) echo "stopped: $BACKUP leads out of the root"; exit 1 ;;
  esac
  if [ ! -e "$b" ]; then
    (umask 077 && mkdir -p "$(dirname "$b")")
    cp -p "$f" "$b"
    echo "backup: $1 -> $BACKUP$1"
  fi
}

# write_file PATH MODE CONTENT: replaces PATH (inside ROOT) with CONTENT unless it already has it.
write_file() {
  if ! inside "$1"; then echo "skipped: $1 leads out of the root"; return 0; fi
  if [ -f "$f" ] && [ "$(cat "$f")" = "$3" ]; then echo "unchanged: $1"; return 0; fi
  if [ -e "$f" ]; then backup "$1"; fi
  mkdir -p "$(dirname "$f")"
  rm -f "$f.garrison-new"
  printf '%s\n' "$3" > "$f.garrison-new"
  chmod "$2" "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "wrote: $1"
}

# edit_line PATH LINE OLD NEW: replaces line LINE of PATH (inside ROOT) with NEW, keeping its
# indentation, if it still reads OLD (blanks around ignored); otherwise says so and goes on.
edit_line() {
  if ! inside "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  cur=$(N="$2" awk 'NR == ENVIRON["N"] + 0 { sub(/^[ \t\r]+/, ""); sub(/[ \t\r]+$/, ""); print; exit }' "$f")
  if [ "$cur" = "$4" ]; then echo "unchanged: $1:$2"; return 0; fi
  if [ "$cur" != "$3" ]; then echo "skipped: $1:$2 no longer reads as in the audit; change it by hand"; return 0; fi
  backup "$1"
  rm -f "$f.garrison-new"
  cp -p "$f" "$f.garrison-new"
  N="$2" NEW="$4" awk 'NR == ENVIRON["N"] + 0 { match($0, /^[ \t]*/); print substr($0, 1, RLENGTH) ENVIRON["NEW"]; next } { print }' "$f" > "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "edited: $1:$2"
}

# append_line PATH TEXT: adds TEXT as the last line of PATH (inside ROOT) unless PATH has that line.
append_line() {
  if ! inside "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  if grep -qxF -- "$2" "$f"; then echo "unchanged: $1 has $2"; return 0; fi
  backup "$1"
  rm -f "$f.garrison-new"
  cp -p "$f" "$f.garrison-new"
  { cat "$f"; if [ -n "$(tail -c 1 "$f")" ]; then echo; fi; printf '%s\n' "$2"; } > "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "appended: $1: $2"
}

# json_set PATH KEY VALUE: adds "KEY": VALUE (JSON) at the top of the JSON object in PATH (inside
# ROOT), creating the file when absent, unless the file already names KEY.
json_set() {
  if ! inside "$1"; then echo "skipped: $1 leads out of the root"; return 0; fi
  if [ ! -e "$f" ]; then
    mkdir -p "$(dirname "$f")"
    printf '{\n  "%s": %s\n}\n' "$2" "$3" > "$f"
    echo "wrote: $1 with $2"
    return 0
  fi
  if [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file"; return 0; fi
  if grep -q "\"$2\"[[:space:]]*:" "$f"; then echo "unchanged: $1 sets $2"; return 0; fi
  backup "$1"
  rm -f "$f.garrison-new"
  cp -p "$f" "$f.garrison-new"
  if [ "$(tr -d ' \t\r\n' < "$f")" = '{}' ]; then
    printf '{\n  "%s": %s\n}\n' "$2" "$3" > "$f.garrison-new"
  else
    K="$2" V="$3" awk '!done && sub(/\{/, "{\n  \"" ENVIRON["K"] "\": " ENVIRON["V"] ",") { done = 1 } { print }' "$f" > "$f.garrison-new"
  fi
  mv -f "$f.garrison-new" "$f"
  echo "edited: $1: $2 = $3"
}

# link PATH TARGET: creates the symbolic link PATH -> TARGET (inside ROOT; a relative TARGET is
# taken from PATH's directory, an absolute one from ROOT) unless PATH exists.
link() {
  if ! inside "$1"; then echo "skipped: $1 leads out of the root"; return 0; fi
  if [ -e "$f" ] || [ -L "$f" ]; then echo "unchanged: $1 exists"; return 0; fi
  case "$2" in /*) t=$2 ;; *) t=$(dirname "$1")/$2 ;; esac
  if ! inside "$t" || [ ! -e "$f" ]; then echo "skipped: $2 does not exist for $1"; return 0; fi
  inside "$(dirname "$1")"
  mkdir -p "$f"
  inside "$1"
  ln -s "$2" "$f"
  echo "linked: $1 -> $2"
}

# set_mode PATH MODE: chmod (absolute or symbolic MODE) a regular file or a directory; prints
# the old and new mode when they differ.
set_mode() {
  if ! inside "$1" || { [ ! -f "$f" ] && [ ! -d "$f" ]; }; then echo "skipped: $1 is not a regular file or directory inside the root"; return 0; fi
  old=$(stat -c %a "$f")
  chmod "$2" "$f"
  new=$(stat -c %a "$f")
  if [ "$old" = "$new" ]; then echo "unchanged: $1 mode $new"; else echo "chmod: $1 $old -> $new"; fi
}

# set_owner PATH UID: chown unless already owned by UID (the old owner is printed).
set_owner() {
  if ! inside "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  old=$(stat -c %u "$f")
  if [ "$old" = "$2" ]; then echo "unchanged: $1 owner $2"; return 0; fi
  chown "$2" "$f"
  echo "chown: $1 $old -> $2"
}
`;

/** The shell script. */
export function renderSh(report: Report, reportName: string, plans: readonly PlannedFix[]): string {
  const r = resolve(plans);
  const lines = [
    '#!/bin/sh',
    comment(`garrison fix: remediation generated from ${source(report, reportName)}.`),
    '# Review every line before running it. Usage: sh SCRIPT [ROOT]   (ROOT defaults to /).',
    '# Files are copied to /var/backups/garrison/<timestamp>/ before they are changed; mode and owner',
    '# changes print the old value. A line that no longer reads as in the audit is left alone.',
    '# Running the script again changes nothing.',
    ...summaryComments(plans),
    'set -eu',
    SH_FUNCTIONS,
  ];
  for (const [file, settings] of r.files) lines.push(`write_file ${shq(file.path)} ${file.mode} ${shq(fileContent(settings))}`);
  for (const e of r.edits) lines.push(`edit_line ${shq(e.path)} ${e.line} ${shq(e.expect)} ${shq(e.text)}`);
  for (const a of r.appends) lines.push(`append_line ${shq(a.path)} ${shq(a.text)}`);
  for (const [path, keys] of r.json) for (const [k, v] of keys) lines.push(`json_set ${shq(path)} ${shq(k)} ${shq(v)}`);
  for (const l of r.symlinks) lines.push(`link ${shq(l.path)} ${shq(l.target)}`);
  for (const m of r.modes) lines.push(`set_mode ${shq(m.path)} ${m.mode}`);
  for (const o of r.owners) lines.push(`set_owner ${shq(o.path)} ${o.uid}`);
  for (const msg of r.reloads) lines.push(`echo ${shq(msg)}`);
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}

/** A YAML double-quoted scalar (JSON strings are valid ones). */
function yq(s: string): string {
  return JSON.stringify(s);
}

/** A YAML scalar Ansible never templates (file contents may hold `{{`). */
function unsafe(s: string): string {
  return `!unsafe ${yq(s)}`;
}

/** A Python regular expression matching `s` literally. */
function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/\t/g, '\\t');
}

/**
 * One task. `path` is joined to `garrison_root` (the root of the tree to change, empty for the
 * managed host itself); it and every other value from the report are marked `!unsafe`, so that
 * a file name or a line holding `{{ ... }}` is data, never a template Ansible evaluates.
 */
function task(name: string, module: string, path: { key: string; value: string }, args: [string, string][], after: string[] = []): string[] {
  return [
    `    - name: ${unsafe(name)}`,
    '      vars:',
    `        garrison_path: ${unsafe(path.value)}`,
    `      ${module}:`,
    `        ${path.key}: "{{ garrison_root }}{{ garrison_path }}"`,
    ...args.map(([k, v]) => `        ${k}: ${v}`),
    ...after,
  ];
}

/** The Ansible playbook (ansible.builtin modules only). */
export function renderAnsible(report: Report, reportName: string, plans: readonly PlannedFix[]): string {
  const r = resolve(plans);
  const out = [
    comment(`garrison fix: remediation generated from ${source(report, reportName)}.`),
    '# Review before running: ansible-playbook -i HOST, PLAYBOOK. To change an offline root tree',
    '# instead of the host: -i localhost, -c local -e garrison_root=/mnt/image',
    '# Changed files are backed up by Ansible next to them (FILE.<pid>.<date>~, a name the',
    '# daemons ignore).',
    ...summaryComments(plans),
    '- name: garrison remediation',
    '  hosts: all',
    '  become: true',
    '  vars:',
    '    garrison_root: ""',
  ];
  const tasks: string[] = [];
  const copy = (dest: string, name: string, content: string, mode?: string) =>
    task(name, 'ansible.builtin.copy', { key: 'dest', value: dest }, [['content', content], ...(mode ? ([['owner', '"root"'], ['group', '"root"'], ['mode', yq(mode)]] as [string, string][]) : []), ['backup', 'true']]);
  /** The directory a written file goes to, created when missing (an existing one keeps its mode). */
  const dir = (file: string) => task(`directory of ${file}`, 'ansible.builtin.file', { key: 'path', value: file.slice(0, file.lastIndexOf('/')) || '/' }, [['state', 'directory']]);
  for (const [file, settings] of r.files) tasks.push(...dir(file.path), ...copy(file.path, `write ${file.path}`, unsafe(`${fileContent(settings)}\n`), file.mode));
  for (const e of r.edits) {
    tasks.push(
      ...task(`edit ${e.path}:${e.line}`, 'ansible.builtin.lineinfile', { key: 'path', value: e.path }, [
        ['regexp', unsafe(`^([ \\t]*)${reEscape(e.expect)}[ \\t]*$`)],
        ['line', unsafe(`\\1${e.text.replace(/\\/g, '\\\\')}`)],
        ['backrefs', 'true'],
        ['backup', 'true'],
      ]),
    );
  }
  for (const a of r.appends) {
    tasks.push(...task(`add a line to ${a.path}`, 'ansible.builtin.lineinfile', { key: 'path', value: a.path }, [['line', unsafe(a.text)], ['create', 'false'], ['backup', 'true']]));
  }
  let n = 0;
  for (const [path, keys] of r.json) {
    const reg = `garrison_json_${++n}`;
    // The keys and values come from garrison's fixes, never from the audited host.
    const merge = `{${keys.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;
    tasks.push(
      ...dir(path),
      ...task(`read ${path}`, 'ansible.builtin.slurp', { key: 'src', value: path }, [], [`      register: ${reg}`, '      failed_when: false']),
      ...copy(path, `set ${keys.map(([k]) => k).join(', ')} in ${path}`, yq(`{{ ${merge} | combine((${reg}.content | b64decode | from_json) if ${reg}.content is defined else {}) | to_nice_json }}`)),
    );
  }
  for (const l of r.symlinks) {
    tasks.push(...task(`link ${l.path}`, 'ansible.builtin.file', { key: 'path', value: l.path }, [['src', unsafe(l.target)], ['state', 'link']]));
  }
  for (const m of r.modes) tasks.push(...task(`mode ${m.mode} on ${m.path}`, 'ansible.builtin.file', { key: 'path', value: m.path }, [['mode', unsafe(m.mode)], ['follow', 'false']]));
  for (const o of r.owners) tasks.push(...task(`owner ${o.uid} of ${o.path}`, 'ansible.builtin.file', { key: 'path', value: o.path }, [['owner', yq(String(o.uid))], ['follow', 'false']]));
  out.push(tasks.length > 0 ? '  tasks:' : '  tasks: []', ...tasks);
  if (r.reloads.length > 0) out.push('  post_tasks:', ...r.reloads.flatMap((msg) => ['    - ansible.builtin.debug:', `        msg: ${unsafe(msg)}`]));
  return `${out.join('\n')}\n`;
}
