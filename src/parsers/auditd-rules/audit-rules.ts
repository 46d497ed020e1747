/**
 * Parser for audit rules files (/etc/audit/rules.d/*.rules, /etc/audit/audit.rules): one
 * auditctl command line per line (auditctl(8), audit.rules(7)).
 *
 * - syscall rules: `-a action,list` or `-a list,action` (also `-A`), `-F field<op>value`,
 *   `-S name[,name...]` (repeatable), `-k key` / `-F key=...`, `-C` comparisons;
 * - watches: `-w path [-p perms] [-k key]`, removed with `-W`;
 * - control: `-D`, `-b N`, `-f N`, `-e N`, `-r N`, `--backlog_wait_time N`, `--loginuid-immutable`, ...
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface AuditField {
  name: string;
  op: string;
  value: string;
}

/** A syscall (or user/exclude/filesystem) rule added with -a or -A. */
export interface AuditSyscallRule {
  kind: 'syscall';
  /** `-a` appends, `-A` prepends, `-d` deletes. */
  verb: 'append' | 'prepend' | 'delete';
  action: 'always' | 'never';
  list: 'exit' | 'task' | 'user' | 'exclude' | 'filesystem' | 'io_uring' | 'entry';
  fields: AuditField[];
  /** Syscall names or numbers; "all" for every syscall. Empty when none was given. */
  syscalls: string[];
  keys: string[];
  source: SourceLine;
}

/** A file system watch added with -w (or removed with -W). */
export interface AuditWatch {
  kind: 'watch';
  remove: boolean;
  path: string;
  /** Permissions filter, a subset of "rwxa"; all four when -p is absent. */
  perms: string;
  keys: string[];
  source: SourceLine;
}

/** A control command (-D, -b, -e, -f, ...). */
export interface AuditControl {
  kind: 'control';
  /** The option as written, without leading dashes: "D", "b", "e", "backlog_wait_time", ... */
  option: string;
  value: string | null;
  source: SourceLine;
}

export type AuditCommand = AuditSyscallRule | AuditWatch | AuditControl;

export interface AuditRulesModel {
  commands: AuditCommand[];
}

const ACTIONS = new Set(['always', 'never']);
const LISTS = new Set(['exit', 'task', 'user', 'exclude', 'filesystem', 'io_uring', 'entry']);
const CONTROL_WITH_VALUE = new Set(['b', 'e', 'f', 'r', 'backlog_wait_time', 'q']);
const CONTROL_FLAGS = new Set(['D', 'i', 'c', 'loginuid-immutable', 'reset-lost', 'reset_backlog_wait_time_actual']);
const FIELD_OP = /^([A-Za-z_0-9]+)(!=|<=|>=|&=|=|<|>|&)(.*)$/;

function parseActionList(spec: string): { action: 'always' | 'never'; list: AuditSyscallRule['list'] } | null {
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  if (ACTIONS.has(a) && LISTS.has(b)) return { action: a as 'always' | 'never', list: b as AuditSyscallRule['list'] };
  if (ACTIONS.has(b) && LISTS.has(a)) return { action: b as 'always' | 'never', list: a as AuditSyscallRule['list'] };
  return null;
}

/** Parses one command line; returns an error message for an invalid one. */
function parseLine(tokens: string[], source: SourceLine): AuditCommand | string {
  const first = tokens[0]!;
  if (first === '-w' || first === '-W') {
    const path = tokens[1];
    if (path === undefined) return `${first} needs a path`;
    const watch: AuditWatch = { kind: 'watch', remove: first === '-W', path, perms: 'rwxa', keys: [], source };
    for (let i = 2; i < tokens.length; i++) {
      const t = tokens[i]!;
      const v = tokens[i + 1];
      if (t === '-p' && v !== undefined) {
        if (!/^[rwxa]+$/.test(v)) return `invalid permissions "${v}"`;
        watch.perms = v;
        i++;
      } else if (t === '-k' && v !== undefined) {
        watch.keys.push(v);
        i++;
      } else if (t === '-F' && v !== undefined && v.startsWith('key=')) {
        watch.keys.push(v.slice(4));
        i++;
      } else return `unexpected "${t}" in a watch`;
    }
    return watch;
  }
  if (first === '-a' || first === '-A' || first === '-d') {
    const al = tokens[1] === undefined ? null : parseActionList(tokens[1]);
    if (!al) return `${first} needs "action,list" (e.g. always,exit)`;
    const rule: AuditSyscallRule = {
      kind: 'syscall',
      verb: first === '-a' ? 'append' : first === '-A' ? 'prepend' : 'delete',
      ...al,
      fields: [],
      syscalls: [],
      keys: [],
      source,
    };
    for (let i = 2; i < tokens.length; i++) {
      const t = tokens[i]!;
      const v = tokens[i + 1];
      if (v === undefined) return `"${t}" needs a value`;
      i++;
      if (t === '-S') rule.syscalls.push(...v.split(',').filter((s) => s !== ''));
      else if (t === '-k') rule.keys.push(v);
      else if (t === '-F' || t === '-C') {
        const m = FIELD_OP.exec(v);
        if (!m) return `invalid field "${v}"`;
        if (t === '-F' && (m[1] === 'key' || m[1] === 'k')) rule.keys.push(m[3]!);
        else rule.fields.push({ name: m[1]!, op: m[2]!, value: m[3]! });
      } else return `unexpected "${t}" in a rule`;
    }
    return rule;
  }
  const opt = first.replace(/^--?/, '');
  if (first.startsWith('-') && CONTROL_WITH_VALUE.has(opt) && tokens[1] !== undefined) {
    return { kind: 'control', option: opt, value: tokens[1], source };
  }
  if (first.startsWith('-') && CONTROL_FLAGS.has(opt)) return { kind: 'control', option: opt, value: tokens[1] ?? null, source };
  return `unknown command "${first}"`;
}

/** Parses an audit rules file. Comments start with `#` at the start of a line. */
export function parseAuditRules(text: string, file: string): ParseResult<AuditRulesModel> {
  const model: AuditRulesModel = { commands: [] };
  const errors: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const source = { file, line: i + 1, text: raw };
    const res = parseLine(line.split(/\s+/), source);
    if (typeof res === 'string') errors.push({ file, line: i + 1, message: res });
    else model.commands.push(res);
  });
  return { model, errors };
}
