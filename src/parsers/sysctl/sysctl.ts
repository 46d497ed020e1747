/**
 * sysctl.d(5) / sysctl.conf(5) files: `key = value` lines, comments with `#` or `;`.
 *
 * - `/` and `.` are both accepted as separators: when the first separator is a slash the
 *   key is a path under /proc/sys, when it is a dot dots and slashes are interchanged.
 *   Keys are normalised to the dotted form (`kernel.core_pattern`, and
 *   `net.ipv4.conf.eth0/100.forwarding` for an interface called `eth0.100`).
 * - A leading `-` on an assignment means "ignore errors when writing it".
 * - A key may be a glob(7) pattern; a `-key` line without `=` excludes that key from globs.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface SysctlAssignment {
  /** Dotted form of the key (may contain glob characters). */
  key: string;
  value: string;
  /** The line started with `-`: failures to write it are ignored. */
  ignoreErrors: boolean;
  /** The key contains glob characters (`*`, `?`, `[`). */
  glob: boolean;
  source: SourceLine;
}

/** A `-key` line: `key` is never set by a glob assignment. */
export interface SysctlExclusion {
  key: string;
  source: SourceLine;
}

export interface SysctlFile {
  file: string;
  assignments: SysctlAssignment[];
  exclusions: SysctlExclusion[];
}

function swapSeparators(s: string): string {
  let out = '';
  for (const c of s) out += c === '.' ? '/' : c === '/' ? '.' : c;
  return out;
}

/** The dotted form of a key written with either separator. */
export function normalizeSysctlKey(key: string): string {
  const k = key.trim().replace(/^\/+/, '');
  const firstSep = k.search(/[./]/);
  return firstSep !== -1 && k[firstSep] === '/' ? swapSeparators(k) : k;
}

/** The path under /proc/sys of a dotted key: `kernel.yama.ptrace_scope` -> `kernel/yama/ptrace_scope`. */
export function sysctlKeyToPath(dotted: string): string {
  return swapSeparators(dotted);
}

const GLOB = /[*?[]/;

/** Parses one sysctl.d file. Never throws. */
export function parseSysctl(text: string, file: string): ParseResult<SysctlFile> {
  const model: SysctlFile = { file, assignments: [], exclusions: [] };
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) continue;
    const source: SourceLine = { file, line: i + 1, text: raw };
    const eq = l.indexOf('=');
    if (eq === -1) {
      if (l.startsWith('-') && l.length > 1) {
        model.exclusions.push({ key: normalizeSysctlKey(l.slice(1)), source });
      } else {
        errors.push({ file, line: i + 1, message: `not an assignment (expected "key = value"): "${l.slice(0, 80)}"` });
      }
      continue;
    }
    let keyPart = l.slice(0, eq).trim();
    const ignoreErrors = keyPart.startsWith('-');
    if (ignoreErrors) keyPart = keyPart.slice(1).trim();
    const key = normalizeSysctlKey(keyPart);
    if (key === '' || /\s/.test(key)) {
      errors.push({ file, line: i + 1, message: `invalid key "${keyPart.slice(0, 80)}"` });
      continue;
    }
    model.assignments.push({ key, value: l.slice(eq + 1).trim(), ignoreErrors, glob: GLOB.test(key), source });
  }
  return { model, errors };
}
