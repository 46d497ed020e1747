/**
 * Tokenising of sshd_config lines exactly as OpenSSH 9.2 does it (misc.c `strdelim` and
 * `argv_split`, servconf.c `process_server_config_line_depth`), so that garrison reads
 * every line the way the daemon reads it: quotes, `keyword=value`, trailing comments,
 * backslash escapes.
 */

/** Characters OpenSSH treats as blanks between words (misc.h WHITESPACE). */
const WHITESPACE = ' \t\r\n';

/**
 * `strdelim`: takes the next word from `s` at `pos`, splitting on blanks, a double quote or
 * one `=`. Returns the word and the position of the rest (null when nothing follows), or
 * `unterminated` when a quote is not closed.
 */
export function strdelim(s: string, pos: number): { word: string; rest: number | null } | 'unterminated' {
  let i = pos;
  while (i < s.length && !WHITESPACE.includes(s[i]!) && s[i] !== '"' && s[i] !== '=') i++;
  if (i >= s.length) return { word: s.slice(pos), rest: null };
  if (s[i] === '"') {
    // The quote is dropped, the word runs to the next quote.
    const close = s.indexOf('"', i + 1);
    if (close === -1) return 'unterminated';
    const word = s.slice(pos, i) + s.slice(i + 1, close);
    let next = close + 1;
    while (next < s.length && WHITESPACE.includes(s[next]!)) next++;
    return { word, rest: next };
  }
  const word = s.slice(pos, i);
  const sawEquals = s[i] === '=';
  let next = i + 1;
  while (next < s.length && WHITESPACE.includes(s[next]!)) next++;
  if (!sawEquals && s[next] === '=') {
    next++;
    while (next < s.length && WHITESPACE.includes(s[next]!)) next++;
  }
  return { word, rest: next };
}

/**
 * `argv_split(s, ..., terminate_on_comment=1)`: splits the arguments of a directive into
 * words. Single and double quotes group (and may appear mid-word), `\\`, `\'`, `\"` and,
 * outside quotes, `\ ` are escapes, and an unquoted word starting with `#` ends the line.
 * Returns null when a quote is left open ("invalid quotes").
 */
export function argvSplit(s: string): string[] | null {
  const argv: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    let quote = '';
    let arg = '';
    for (; i < s.length; i++) {
      const ch = s[i]!;
      if (ch === '\\') {
        const n = s[i + 1];
        if (n === "'" || n === '"' || n === '\\' || (quote === '' && n === ' ')) {
          i++;
          arg += n;
        } else arg += ch;
      } else if (quote === '' && (ch === ' ' || ch === '\t')) break;
      else if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
      else if (quote !== '' && ch === quote) quote = '';
      else arg += ch;
    }
    if (quote !== '') return null;
    argv.push(arg);
  }
  return argv;
}

/**
 * What `load_server_config` and the start of `process_server_config_line_depth` do to a
 * raw line: leading blanks and carriage returns go, then trailing blanks (and form feeds).
 */
export function trimConfigLine(raw: string): string {
  let start = 0;
  while (start < raw.length && (raw[start] === ' ' || raw[start] === '\t' || raw[start] === '\r')) start++;
  let end = raw.length;
  while (end > start && (WHITESPACE + '\f').includes(raw[end - 1]!)) end--;
  return raw.slice(start, end);
}
