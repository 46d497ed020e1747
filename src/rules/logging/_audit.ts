/**
 * What a set of audit rules records, as the kernel evaluates them: syscall rules on the
 * exit list are tried in order and the first match decides (`never` suppresses), watches
 * and `-F dir=` rules cover a whole directory tree.
 */
import { posix } from 'node:path';
import type { AuditCommand, AuditSyscallRule, AuditWatch } from '../../parsers/auditd-rules/audit-rules.ts';

/** Syscall numbers of execve/execveat per architecture, as some rule files write them. */
const EXEC_NUMBERS: Record<'b64' | 'b32', string[]> = { b64: ['59', '322'], b32: ['11', '358'] };

/** Exit-list rules in the order the kernel tries them (-A prepends, -d deletes). */
export function exitRules(commands: readonly AuditCommand[]): AuditSyscallRule[] {
  let out: AuditSyscallRule[] = [];
  for (const c of commands) {
    if (c.kind === 'control' && c.option === 'D') out = [];
    if (c.kind !== 'syscall' || c.list !== 'exit') continue;
    if (c.verb === 'append') out.push(c);
    else if (c.verb === 'prepend') out.unshift(c);
  }
  return out;
}

function archOf(rule: AuditSyscallRule): string {
  return rule.fields.find((f) => f.name === 'arch' && f.op === '=')?.value ?? 'b64';
}

function coversExec(rule: AuditSyscallRule, arch: 'b64' | 'b32'): boolean {
  return rule.syscalls.some((s) => s === 'execve' || s === 'execveat' || s === 'all' || EXEC_NUMBERS[arch].includes(s));
}

/** The first rule that logs execve for this architecture, unless a blanket `never` comes first. */
export function execveRule(commands: readonly AuditCommand[], arch: 'b64' | 'b32'): AuditSyscallRule | null {
  for (const r of exitRules(commands)) {
    const a = archOf(r);
    if (a !== arch && !(arch === 'b64' && /^(x86_64|amd64|aarch64)$/.test(a)) && !(arch === 'b32' && /^(i386|i686)$/.test(a))) continue;
    if (!coversExec(r, arch)) continue;
    const filters = r.fields.filter((f) => f.name !== 'arch');
    if (r.action === 'never') {
      if (filters.length === 0) return null;
      continue;
    }
    return r;
  }
  return null;
}

/** The unconditional `never` rule that keeps execve of `arch` from being recorded, if one comes first. */
export function execveSuppressor(commands: readonly AuditCommand[], arch: 'b64' | 'b32'): AuditSyscallRule | null {
  for (const r of exitRules(commands)) {
    const a = archOf(r);
    if (a !== arch && !(arch === 'b64' && /^(x86_64|amd64|aarch64)$/.test(a)) && !(arch === 'b32' && /^(i386|i686)$/.test(a))) continue;
    if (!coversExec(r, arch)) continue;
    if (r.action !== 'never') return null;
    if (r.fields.every((f) => f.name === 'arch')) return r;
  }
  return null;
}

function norm(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/$/, '') : n;
}

function covers(dirOrFile: string, target: string): boolean {
  const d = norm(dirOrFile);
  const t = norm(target);
  return t === d || t.startsWith(d === '/' ? '/' : `${d}/`);
}

/** The watch or rule that records writes under `path` (recursive), or null. */
export function writeWatch(commands: readonly AuditCommand[], path: string): AuditWatch | AuditSyscallRule | null {
  for (const c of commands) {
    if (c.kind === 'watch' && !c.remove && c.perms.includes('w') && covers(c.path, path)) return c;
    if (c.kind === 'syscall' && c.list === 'exit' && c.action === 'always' && c.verb !== 'delete') {
      const dir = c.fields.find((f) => f.name === 'dir' && f.op === '=');
      const perm = c.fields.find((f) => f.name === 'perm' && f.op === '=');
      if (dir && covers(dir.value, path) && (!perm || perm.value.includes('w'))) return c;
    }
  }
  return null;
}
