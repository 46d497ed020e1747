/**
 * Parser of redis.conf (config.c): one directive per line, `#` comments on their own
 * lines, arguments split like sdssplitargs(): blanks separate, "double quotes" with
 * backslash escapes (\n, \xHH, ...) and 'single quotes' (only \' escaped). `include` is
 * kept as a directive; the fact resolves it. Directive names are case-insensitive.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';

export interface RedisDirective {
  /** Lower-case directive name. */
  name: string;
  args: string[];
  source: SourceLine;
}

export interface RedisFile {
  file: string;
  directives: RedisDirective[];
}

/** sdssplitargs(): null when quotes are unbalanced or a closing quote is not followed by a blank. */
export function splitRedisArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && /\s/.test(line[i]!)) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    for (;;) {
      if (inDq) {
        if (i >= n) return null;
        const c = line[i]!;
        if (c === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          cur += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        if (c === '\\' && i + 1 < n) {
          const e = line[i + 1]!;
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
          i += 2;
          continue;
        }
        if (c === '"') {
          if (i + 1 < n && !/\s/.test(line[i + 1]!)) return null;
          i++;
          break;
        }
        cur += c;
        i++;
        continue;
      }
      if (inSq) {
        if (i >= n) return null;
        const c = line[i]!;
        if (c === '\\' && line[i + 1] === "'") {
          cur += "'";
          i += 2;
          continue;
        }
        if (c === "'") {
          if (i + 1 < n && !/\s/.test(line[i + 1]!)) return null;
          i++;
          break;
        }
        cur += c;
        i++;
        continue;
      }
      if (i >= n) break;
      const c = line[i]!;
      if (/\s/.test(c)) break;
      if (c === '"') inDq = true;
      else if (c === "'") inSq = true;
      else cur += c;
      i++;
    }
    out.push(cur);
  }
}

/** Parses one redis.conf file. */
export function parseRedisConf(text: string, file: string): ParseResult<RedisFile> {
  const errors: ParseError[] = [];
  const directives: RedisDirective[] = [];
  text.split('\n').forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, '');
    const t = lineText.trim();
    if (t === '' || t.startsWith('#')) return;
    const args = splitRedisArgs(t);
    if (args === null) {
      errors.push({ file, line: i + 1, message: 'unbalanced quotes in configuration line' });
      return;
    }
    if (args.length === 0) return;
    if (args[0] === '') {
      errors.push({ file, line: i + 1, message: 'empty directive name' });
      return;
    }
    directives.push({ name: args[0]!.toLowerCase(), args: args.slice(1), source: { file, line: i + 1, text: lineText } });
  });
  return { model: { file, directives }, errors };
}
