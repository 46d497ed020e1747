/**
 * Shared shapes for every parser. A parser is a pure function: text in, typed model and
 * a list of errors out. It never throws on bad input and never touches the file system.
 */

/** One problem a parser found, with the line (1-based) where it found it. */
export interface ParseError {
  file: string;
  line: number;
  message: string;
}

/** What every parser returns. */
export interface ParseResult<T> {
  model: T;
  errors: ParseError[];
}

/** A line of a configuration file, kept so that evidence can quote it. */
export interface SourceLine {
  file: string;
  line: number;
  text: string;
}

/** Splits text into lines the way most daemons read them: LF or CRLF, trailing CR dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
