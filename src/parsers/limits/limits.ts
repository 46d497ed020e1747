/**
 * pam_limits configuration (limits.conf(5)): /etc/security/limits.conf and
 * /etc/security/limits.d/*.conf, one `<domain> <type> <item> <value>` per line, `#` comments.
 *
 * domain: a user name, `@group`, `*` (everyone but root), `%group` (maxlogins), or uid/gid
 * ranges `min:max` / `@min:max`; type: `soft`, `hard` or `-` (both).
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export type LimitType = 'soft' | 'hard' | '-';

export interface LimitEntry {
  domain: string;
  type: LimitType;
  item: string;
  /** The value as written (`0`, `unlimited`, `infinity`, `-1`, ...). */
  value: string;
  source: SourceLine;
}

export interface LimitsFile {
  file: string;
  entries: LimitEntry[];
}

/** Items pam_limits knows (limits.conf(5)). */
export const LIMIT_ITEMS: ReadonlySet<string> = new Set([
  'core', 'data', 'fsize', 'memlock', 'nofile', 'rss', 'stack', 'cpu', 'nproc', 'as', 'maxlogins',
  'maxsyslogins', 'nonewprivs', 'priority', 'locks', 'sigpending', 'msgqueue', 'nice', 'rtprio', 'chroot',
]);

/** Parses one limits file. Never throws. */
export function parseLimits(text: string, file: string): ParseResult<LimitsFile> {
  const model: LimitsFile = { file, entries: [] };
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const hash = raw.indexOf('#');
    const l = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (l === '') continue;
    const fields = l.split(/\s+/);
    const err = (message: string) => errors.push({ file, line: i + 1, message });
    if (fields.length !== 4) {
      err(`expected "<domain> <type> <item> <value>", got ${fields.length} field(s)`);
      continue;
    }
    const [domain, type, item, value] = fields as [string, string, string, string];
    if (type !== 'soft' && type !== 'hard' && type !== '-') {
      err(`unknown limit type "${type.slice(0, 40)}" (soft, hard or -)`);
      continue;
    }
    const it = item.toLowerCase();
    if (!LIMIT_ITEMS.has(it)) {
      err(`unknown limit item "${item.slice(0, 40)}"`);
      continue;
    }
    model.entries.push({ domain, type, item: it, value, source: { file, line: i + 1, text: raw } });
  }
  return { model, errors };
}

/** The numeric value of a limit: `unlimited`, `infinity` and `-1` give Infinity, junk gives NaN. */
export function limitValue(value: string): number {
  const v = value.toLowerCase();
  if (v === 'unlimited' || v === 'infinity' || v === '-1') return Infinity;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}
