/**
 * dpkg's database (dpkg(1), deb-control(5)):
 * - /var/lib/dpkg/status: stanzas of `Field: value` lines separated by blank lines,
 *   continuation lines start with a blank;
 * - /var/lib/dpkg/info/<package>[:<arch>].list: the paths a package installed, one a line;
 * - /var/lib/dpkg/diversions: groups of three lines (original path, diverted-to path,
 *   diverting package or ":" for a local diversion).
 */
import type { ParseError, ParseResult } from '../types.ts';
import { splitLines } from '../types.ts';

export interface DpkgPackage {
  name: string;
  /** Status words: want, error flag, state (e.g. ["install", "ok", "installed"]). */
  status: [string, string, string] | null;
  version: string;
  architecture: string;
  /** Source package when it differs from the binary package name. */
  source?: string;
  line: number;
}

/** States in which a package's files are on disk (dpkg-query(1)). */
const FILES_PRESENT = new Set(['installed', 'half-configured', 'unpacked', 'half-installed', 'triggers-awaited', 'triggers-pending']);

/** True when the package's files are (at least partly) on disk. */
export function isPresent(p: DpkgPackage): boolean {
  return p.status !== null && FILES_PRESENT.has(p.status[2]);
}

/** Parses /var/lib/dpkg/status. Never throws. */
export function parseDpkgStatus(text: string, file: string): ParseResult<DpkgPackage[]> {
  const model: DpkgPackage[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  let fields = new Map<string, string>();
  let start = 0;
  let last: string | null = null;
  const flush = () => {
    if (fields.size === 0) return;
    const name = fields.get('package');
    if (name === undefined || name === '') {
      errors.push({ file, line: start, message: 'stanza without a Package field' });
    } else {
      const words = (fields.get('status') ?? '').split(/\s+/).filter(Boolean);
      if (words.length !== 3) errors.push({ file, line: start, message: `package ${name}: Status is not three words` });
      const src = (fields.get('source') ?? '').split(/\s+/)[0];
      const pkg: DpkgPackage = {
        name,
        status: words.length === 3 ? [words[0]!, words[1]!, words[2]!] : null,
        version: fields.get('version') ?? '',
        architecture: fields.get('architecture') ?? '',
        line: start,
      };
      if (src) pkg.source = src;
      model.push(pkg);
    }
    fields = new Map();
    last = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') {
      flush();
      continue;
    }
    if (fields.size === 0 && last === null) start = i + 1;
    if (l.startsWith(' ') || l.startsWith('\t')) {
      if (last === null) errors.push({ file, line: i + 1, message: 'continuation line without a field' });
      continue; // continuation of a multi-line field: not needed here
    }
    const colon = l.indexOf(':');
    if (colon <= 0) {
      errors.push({ file, line: i + 1, message: 'expected "Field: value"' });
      continue;
    }
    last = l.slice(0, colon).toLowerCase();
    fields.set(last, l.slice(colon + 1).trim());
  }
  flush();
  return { model, errors };
}

/** Parses a package's .list file: the absolute paths it installed (without "/."). */
export function parseDpkgList(text: string, file: string): ParseResult<string[]> {
  const model: string[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '' || l === '/.') continue;
    if (!l.startsWith('/')) {
      errors.push({ file, line: i + 1, message: 'not an absolute path' });
      continue;
    }
    model.push(l.length > 1 && l.endsWith('/') ? l.slice(0, -1) : l);
  }
  return { model, errors };
}

export interface DpkgDiversion {
  /** The path other packages use. */
  from: string;
  /** Where the diverted package's file is put instead. */
  to: string;
  /** Diverting package, or null for a local diversion (":"). */
  by: string | null;
  line: number;
}

/** Parses /var/lib/dpkg/diversions. Never throws. */
export function parseDpkgDiversions(text: string, file: string): ParseResult<DpkgDiversion[]> {
  const model: DpkgDiversion[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  if (lines.length % 3 !== 0) errors.push({ file, line: lines.length, message: 'truncated diversion (lines are not a multiple of 3)' });
  for (let i = 0; i + 2 < lines.length; i += 3) {
    const [from, to, by] = [lines[i]!, lines[i + 1]!, lines[i + 2]!];
    if (!from.startsWith('/') || !to.startsWith('/')) {
      errors.push({ file, line: i + 1, message: 'diversion paths must be absolute' });
      continue;
    }
    model.push({ from, to, by: by === ':' ? null : by, line: i + 1 });
  }
  return { model, errors };
}
