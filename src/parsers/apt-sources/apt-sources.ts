/**
 * APT's software source lists (sources.list(5)) in both of their formats:
 *
 * - one-line style (/etc/apt/sources.list, sources.list.d/*.list):
 *   `deb [ opt=value opt2=v1,v2 ] uri suite [component...]`; `#` starts a comment anywhere
 *   on the line; `[...]` and `"..."` group words that contain blanks (`cdrom:[Debian ...]/`);
 * - deb822 style (sources.list.d/*.sources): stanzas of `Field: value` separated by blank
 *   lines, continuation lines start with a blank, `#` lines are comments, field names are
 *   case-insensitive, `Enabled: no` switches a stanza off.
 *
 * Both produce the same entry shape. Options are normalised to the one-line names
 * (`Signed-By` -> `signed-by`, `Architectures` -> `arch`, `Trusted` -> `trusted`).
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

/** One option of an entry, with the line that set it. */
export interface AptSourceOption {
  /** Lower-case one-line name: "signed-by", "trusted", "arch", "allow-insecure", ... */
  name: string;
  /** "=", or "+=" / "-=" for list options of the one-line format. */
  op: '=' | '+=' | '-=';
  value: string;
  source: SourceLine;
}

/** A source entry (one line, or one deb822 stanza). */
export interface AptSource {
  format: 'one-line' | 'deb822';
  /** "deb" and/or "deb-src". */
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  options: AptSourceOption[];
  /** False for a deb822 stanza with `Enabled: no`. Commented-out lines are not entries at all. */
  enabled: boolean;
  /** The line (one-line) or the `URIs:` line (deb822, else the stanza's first line). */
  source: SourceLine;
}

export interface AptSourcesModel {
  entries: AptSource[];
}

const KNOWN_TYPES = new Set(['deb', 'deb-src']);

/** Returns the last `=` value of an option (case-insensitive name), or undefined. */
export function optionValue(entry: AptSource, name: string): AptSourceOption | undefined {
  let found: AptSourceOption | undefined;
  for (const o of entry.options) if (o.name === name && o.op === '=') found = o;
  return found;
}

/** True for the values APT reads as "yes" in a boolean option. */
export function isAptTrue(value: string): boolean {
  return /^(yes|true|with|on|enable|1)$/i.test(value.trim());
}

/**
 * Splits a one-line entry into words the way APT does: blanks separate words, but
 * `[...]` and `"..."` keep blanks inside one word. Returns null on an unterminated group.
 */
function words(text: string): { words: string[]; unterminated: boolean } {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  let inBracket = false;
  let started = false;
  for (const ch of text) {
    if (inQuote) {
      if (ch === '"') inQuote = false;
      else cur += ch;
      continue;
    }
    if (ch === '"') {
      inQuote = true;
      started = true;
      continue;
    }
    if (inBracket) {
      cur += ch;
      if (ch === ']') inBracket = false;
      continue;
    }
    if (ch === '[') {
      inBracket = true;
      started = true;
      cur += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (started) out.push(cur);
      cur = '';
      started = false;
      continue;
    }
    cur += ch;
    started = true;
  }
  if (started) out.push(cur);
  return { words: out, unterminated: inQuote || inBracket };
}

/** Parses the options inside `[ ... ]` of a one-line entry. */
function parseOneLineOptions(body: string, src: SourceLine, errors: ParseError[]): AptSourceOption[] {
  const out: AptSourceOption[] = [];
  for (const tok of body.split(/[\s]+/).filter((t) => t !== '')) {
    const m = /^([A-Za-z0-9_.-]+)(\+=|-=|=)(.*)$/.exec(tok);
    if (!m) {
      errors.push({ file: src.file, line: src.line, message: `malformed option "${tok.slice(0, 80)}"` });
      continue;
    }
    out.push({ name: m[1]!.toLowerCase(), op: m[2] as AptSourceOption['op'], value: m[3]!, source: src });
  }
  return out;
}

/** Parses a one-line style list (sources.list, *.list). Never throws. */
export function parseAptSourcesList(text: string, file: string): ParseResult<AptSourcesModel> {
  const entries: AptSource[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const hash = raw.indexOf('#');
    const content = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (content === '') return;
    const src: SourceLine = { file, line: lineNo, text: raw };
    const { words: w, unterminated } = words(content);
    if (unterminated) {
      errors.push({ file, line: lineNo, message: 'unterminated "[" or quote' });
      return;
    }
    const type = w.shift()!;
    if (!KNOWN_TYPES.has(type)) {
      errors.push({ file, line: lineNo, message: `unknown type "${type.slice(0, 40)}" (expected deb or deb-src)` });
      return;
    }
    let options: AptSourceOption[] = [];
    // Options: a word starting with "[" right after the type (it may hold blanks).
    if (w[0]?.startsWith('[')) {
      const opt = w.shift()!;
      if (!opt.endsWith(']')) {
        errors.push({ file, line: lineNo, message: 'malformed option block' });
        return;
      }
      options = parseOneLineOptions(opt.slice(1, -1), src, errors);
    }
    const uri = w.shift();
    const suite = w.shift();
    if (uri === undefined || suite === undefined) {
      errors.push({ file, line: lineNo, message: 'incomplete entry: a URI and a suite are required' });
      return;
    }
    if (suite.endsWith('/') === false && w.length === 0) {
      errors.push({ file, line: lineNo, message: `suite "${suite.slice(0, 40)}" needs at least one component` });
      return;
    }
    entries.push({ format: 'one-line', types: [type], uris: [uri], suites: [suite], components: w, options, enabled: true, source: src });
  });
  return { model: { entries }, errors };
}

/** deb822 field names that are not options, and the deb822 -> one-line option names that differ. */
const STRUCTURAL = new Set(['types', 'uris', 'suites', 'components', 'enabled']);
const OPTION_NAMES: Record<string, string> = {
  architectures: 'arch',
  'architectures-add': 'arch',
  'architectures-remove': 'arch',
  languages: 'lang',
  'languages-add': 'lang',
  'languages-remove': 'lang',
  targets: 'target',
  'targets-add': 'target',
  'targets-remove': 'target',
};

interface Field {
  name: string;
  value: string;
  source: SourceLine;
}

/** Parses a deb822 style file (*.sources). Never throws. */
export function parseAptDeb822Sources(text: string, file: string): ParseResult<AptSourcesModel> {
  const entries: AptSource[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  let stanza: Field[] = [];

  const flush = () => {
    if (stanza.length === 0) return;
    const get = (n: string) => {
      let f: Field | undefined;
      for (const x of stanza) if (x.name === n) f = x;
      return f;
    };
    const list = (n: string) => (get(n)?.value ?? '').split(/\s+/).filter((s) => s !== '');
    const types = list('types');
    const uris = list('uris');
    const suites = list('suites');
    const first = stanza[0]!.source;
    const where = get('uris')?.source ?? first;
    const missing = [types.length === 0 && 'Types', uris.length === 0 && 'URIs', suites.length === 0 && 'Suites'].filter(Boolean);
    if (missing.length > 0) {
      errors.push({ file, line: first.line, message: `stanza lacks ${missing.join(', ')}` });
    } else {
      for (const t of types)
        if (!KNOWN_TYPES.has(t)) errors.push({ file, line: get('types')!.source.line, message: `unknown type "${t.slice(0, 40)}"` });
      const options: AptSourceOption[] = [];
      for (const f of stanza) {
        if (STRUCTURAL.has(f.name)) continue;
        const name = OPTION_NAMES[f.name] ?? f.name;
        const op: AptSourceOption['op'] = f.name.endsWith('-add') ? '+=' : f.name.endsWith('-remove') ? '-=' : '=';
        options.push({ name, op, value: f.value, source: f.source });
      }
      const enabledField = get('enabled');
      const enabled = enabledField === undefined || isAptTrue(enabledField.value);
      entries.push({
        format: 'deb822',
        types: types.filter((t) => KNOWN_TYPES.has(t)),
        uris,
        suites,
        components: list('components'),
        options,
        enabled,
        source: where,
      });
    }
    stanza = [];
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') {
      flush();
      return;
    }
    if (raw.startsWith('#')) return;
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      const last = stanza[stanza.length - 1];
      if (!last) {
        errors.push({ file, line: lineNo, message: 'continuation line outside of a field' });
        return;
      }
      const part = raw.trim();
      last.value = last.value === '' ? part : `${last.value}\n${part}`;
      return;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      errors.push({ file, line: lineNo, message: `expected "Field: value", got "${raw.slice(0, 80)}"` });
      return;
    }
    stanza.push({ name: raw.slice(0, colon).trim().toLowerCase(), value: raw.slice(colon + 1).trim(), source: { file, line: lineNo, text: raw } });
  });
  flush();
  return { model: { entries }, errors };
}
