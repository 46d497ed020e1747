/**
 * Parser of Apache httpd configuration files (util_cfgtree / ap_build_config): one
 * directive per line, a trailing backslash continues the line, `#` starts a comment only
 * at the beginning of a line, arguments may be "double" or 'single' quoted, and sections
 * `<Name args>` ... `</Name>` nest. Include / IncludeOptional are kept as directives; the
 * fact resolves them. Directive names are case-insensitive.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';

export interface ApacheDirective {
  /** Directive or section name as written ("SSLProtocol", "VirtualHost"). */
  name: string;
  args: string[];
  source: SourceLine;
  /** Children of a section (`<VirtualHost *:443>`); absent for a plain directive. */
  section?: ApacheDirective[];
}

export interface ApacheFile {
  file: string;
  directives: ApacheDirective[];
}

const MAX_DEPTH = 100;

/** Splits arguments the way ap_getword_conf() does: blanks, quotes, backslash before a quote. */
export function splitApacheArgs(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    const q = text[i];
    let word = '';
    if (q === '"' || q === "'") {
      i++;
      while (i < n && text[i] !== q) {
        if (text[i] === '\\' && (text[i + 1] === q || text[i + 1] === '\\')) {
          word += text[i + 1];
          i += 2;
          continue;
        }
        word += text[i];
        i++;
      }
      i++;
    } else {
      while (i < n && text[i] !== ' ' && text[i] !== '\t') {
        word += text[i];
        i++;
      }
    }
    out.push(word);
  }
  return out;
}

/** Parses one Apache configuration file. */
export function parseApache(text: string, file: string): ParseResult<ApacheFile> {
  const errors: ParseError[] = [];
  const root: ApacheDirective[] = [];
  const stack: { list: ApacheDirective[]; opener?: ApacheDirective }[] = [{ list: root }];
  const lines = text.split('\n');
  for (let idx = 0; idx < lines.length; idx++) {
    const startLine = idx + 1;
    const firstText = lines[idx]!.replace(/\r$/, '');
    let logical = firstText;
    while (/\\\s*$/.test(logical) && idx + 1 < lines.length) {
      idx++;
      logical = logical.replace(/\\\s*$/, ' ') + lines[idx]!.replace(/\r$/, '').trimStart();
    }
    const t = logical.trim();
    if (t === '' || t.startsWith('#')) continue;
    const source: SourceLine = { file, line: startLine, text: firstText };
    const top = stack[stack.length - 1]!;
    if (t.startsWith('</')) {
      const m = /^<\/([^>\s]+)\s*>$/.exec(t);
      const name = m?.[1] ?? t.slice(2);
      if (!m) {
        errors.push({ file, line: startLine, message: `syntax error in closing section "${t.slice(0, 40)}"` });
        continue;
      }
      // Close the innermost open section of that name; sections left open inside it are errors.
      let k = stack.length - 1;
      while (k > 0 && stack[k]!.opener!.name.toLowerCase() !== name.toLowerCase()) k--;
      if (k === 0) {
        errors.push({ file, line: startLine, message: `</${name}> without matching <${name}> section` });
        continue;
      }
      for (let j = stack.length - 1; j > k; j--) {
        const o = stack[j]!.opener!;
        errors.push({ file, line: startLine, message: `</${name}> closes <${o.name}> opened on line ${o.source.line}, which is not closed` });
      }
      stack.length = k;
      continue;
    }
    if (t.startsWith('<')) {
      const m = /^<([^\s>]+)(.*)>$/.exec(t);
      if (!m) {
        errors.push({ file, line: startLine, message: `section "${t.slice(0, 40)}" lacks its closing ">"` });
        continue;
      }
      const d: ApacheDirective = { name: m[1]!, args: splitApacheArgs(m[2]!.trim()), source, section: [] };
      top.list.push(d);
      if (stack.length > MAX_DEPTH) errors.push({ file, line: startLine, message: `sections nested deeper than ${MAX_DEPTH} levels` });
      stack.push({ list: d.section!, opener: d });
      continue;
    }
    const words = splitApacheArgs(t);
    const name = words[0]!;
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) {
      errors.push({ file, line: startLine, message: `invalid directive name "${name.slice(0, 40)}"` });
      continue;
    }
    top.list.push({ name, args: words.slice(1), source });
  }
  for (let k = stack.length - 1; k > 0; k--) {
    const o = stack[k]!.opener!;
    errors.push({ file, line: o.source.line, message: `<${o.name}> section opened here is not closed` });
  }
  return { model: { file, directives: root }, errors };
}
