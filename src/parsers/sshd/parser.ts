/**
 * sshd_config(5) as OpenSSH 9.2 reads it, one file at a time: case-insensitive keywords,
 * `keyword value` or `keyword=value`, quoted arguments, `#` comments (whole line or after
 * the arguments), CRLF line ends, `Match` and `Include` lines. Pure: the `sshd` fact
 * follows the includes and computes the effective configuration (see config.ts).
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { lookupKeyword } from './keywords.ts';
import { parseMatchCondition, type MatchCondition } from './match.ts';
import { argvSplit, strdelim, trimConfigLine } from './tokenize.ts';

/** One directive line of an sshd_config file. */
export interface SshdDirective {
  /** The keyword as written. */
  written: string;
  /** The canonical keyword (lower case, aliases resolved) or null when sshd does not know it. */
  keyword: string | null;
  /** The arguments, unquoted and unescaped, trailing comment removed. */
  args: string[];
  /** The raw text after the keyword (ForceCommand, AuthorizedKeysCommand take it whole). */
  rest: string;
  /** For a `Match` line: its condition (absent when the line is invalid). */
  match?: MatchCondition;
  source: SourceLine;
}

export interface SshdConfigFile {
  file: string;
  directives: SshdDirective[];
}

/** Parses one sshd_config file. Never throws. */
export function parseSshdConfig(text: string, file: string): ParseResult<SshdConfigFile> {
  const directives: SshdDirective[] = [];
  const errors: ParseError[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    const shown = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const err = (message: string) => errors.push({ file, line, message });
    if (raw.includes('\0')) {
      err('line contains a NUL byte: sshd refuses such a file');
      return;
    }
    const d = parseLine(trimConfigLine(raw), { file, line, text: shown }, err);
    if (d) directives.push(d);
  });
  return { model: { file, directives }, errors };
}

function parseLine(text: string, source: SourceLine, err: (m: string) => void): SshdDirective | null {
  if (text === '') return null;
  let first = strdelim(text, 0);
  // strdelim gives up on an unterminated quote in the keyword: sshd skips such a line.
  if (first === 'unterminated') return null;
  if (first.word === '' && first.rest !== null) {
    first = strdelim(text, first.rest);
    if (first === 'unterminated') return null;
  }
  const written = first.word;
  if (written === '' || written.startsWith('#')) return null;
  const rest = first.rest === null ? '' : text.slice(first.rest);
  if (rest === '') {
    err(`no argument after keyword "${written}"`);
    return null;
  }
  const spec = lookupKeyword(written);
  if (!spec) err(`Bad configuration option: ${written}`);
  const args = argvSplit(rest);
  if (args === null) {
    err('invalid quotes');
    return null;
  }
  const d: SshdDirective = { written, keyword: spec ? spec.name : null, args, rest, source };
  if (spec?.kind === 'match') {
    const m = parseMatchCondition(rest);
    if ('error' in m) err(`${m.error}: Bad Match condition`);
    else d.match = m.condition;
  }
  return d;
}
