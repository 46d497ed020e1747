/**
 * Parser of PostgreSQL's pg_hba.conf, following hba.c: one record per line (a trailing
 * backslash continues it, PostgreSQL 16+), `#` comments outside double quotes, fields
 * separated by blanks, comma-separated lists in the database and user fields, double
 * quotes making a keyword literal ("all" is a database named all), `@file` references
 * and the include / include_if_exists / include_dir directives (resolved by the fact).
 */
import { type ParseError, type ParseResult, type SourceLine } from '../types.ts';

/** One item of a field: its text and whether it was quoted (quoted keywords are names). */
export interface HbaToken {
  value: string;
  quoted: boolean;
}

export type HbaConnectionType = 'local' | 'host' | 'hostssl' | 'hostnossl' | 'hostgssenc' | 'hostnogssenc';

export interface HbaRecord {
  kind: 'record';
  type: HbaConnectionType;
  databases: HbaToken[];
  users: HbaToken[];
  /** Address field (absent for `local`): CIDR, IP, host name, all, samehost, samenet. */
  address?: string;
  /** Separate netmask when the address is written as "IP MASK". */
  mask?: string;
  method: string;
  options: Record<string, string>;
  source: SourceLine;
}

export interface HbaInclude {
  kind: 'include' | 'include_if_exists' | 'include_dir';
  path: string;
  source: SourceLine;
}

export type HbaEntry = HbaRecord | HbaInclude;

export interface HbaFile {
  file: string;
  entries: HbaEntry[];
}

const TYPES = new Set<HbaConnectionType>(['local', 'host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc']);
const METHODS = new Set(['trust', 'reject', 'scram-sha-256', 'md5', 'password', 'gss', 'sspi', 'ident', 'peer', 'ldap', 'radius', 'cert', 'pam', 'bsd', 'krb5', 'crypt']);

interface Field {
  tokens: HbaToken[];
}

/** Splits a logical line into fields; each field a comma list of tokens. Returns null on an open quote. */
function splitFields(line: string): Field[] | null {
  const fields: Field[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r')) i++;
    if (i >= n || line[i] === '#') break;
    const field: Field = { tokens: [] };
    // A field is tokens joined by commas, without blanks between them.
    for (;;) {
      let value = '';
      let quoted = false;
      while (i < n) {
        const c = line[i]!;
        if (c === '"') {
          quoted = true;
          i++;
          let closed = false;
          while (i < n) {
            if (line[i] === '"') {
              if (line[i + 1] === '"') {
                value += '"';
                i += 2;
                continue;
              }
              closed = true;
              i++;
              break;
            }
            value += line[i];
            i++;
          }
          if (!closed) return null;
          continue;
        }
        if (c === ' ' || c === '\t' || c === '\r' || c === ',' || c === '#') break;
        value += c;
        i++;
      }
      field.tokens.push({ value, quoted });
      if (i < n && line[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    fields.push(field);
  }
  return fields;
}

/** Parses one pg_hba.conf file. Errors name the line, as PostgreSQL's log would. */
export function parsePgHba(text: string, file: string): ParseResult<HbaFile> {
  const errors: ParseError[] = [];
  const entries: HbaEntry[] = [];
  const lines = text.split('\n');
  for (let idx = 0; idx < lines.length; idx++) {
    const startLine = idx + 1;
    let logical = lines[idx]!.replace(/\r$/, '');
    const firstText = logical;
    while (logical.endsWith('\\') && !/#/.test(logical) && idx + 1 < lines.length) {
      idx++;
      logical = logical.slice(0, -1) + ' ' + lines[idx]!.replace(/\r$/, '');
    }
    const source: SourceLine = { file, line: startLine, text: firstText };
    const fields = splitFields(logical);
    if (fields === null) {
      errors.push({ file, line: startLine, message: 'unterminated quoted string' });
      continue;
    }
    if (fields.length === 0) continue;
    const head = fields[0]!.tokens[0]!;
    const keyword = head.quoted ? '' : head.value;
    if (keyword === 'include' || keyword === 'include_if_exists' || keyword === 'include_dir') {
      const target = fields[1]?.tokens[0];
      if (!target || fields.length !== 2 || fields[1]!.tokens.length !== 1) {
        errors.push({ file, line: startLine, message: `${keyword} needs exactly one file name` });
        continue;
      }
      entries.push({ kind: keyword, path: target.value, source });
      continue;
    }
    if (!TYPES.has(keyword as HbaConnectionType) || fields[0]!.tokens.length !== 1) {
      errors.push({ file, line: startLine, message: `invalid connection type "${head.value}"` });
      continue;
    }
    const type = keyword as HbaConnectionType;
    const minFields = type === 'local' ? 4 : 5;
    if (fields.length < minFields) {
      errors.push({ file, line: startLine, message: `end-of-line before ${fields.length < 3 ? 'role specification' : type === 'local' || fields.length >= 4 ? 'authentication method' : 'IP address specification'}` });
      continue;
    }
    const databases = fields[1]!.tokens;
    const users = fields[2]!.tokens;
    let pos = 3;
    let address: string | undefined;
    let mask: string | undefined;
    if (type !== 'local') {
      const addr = fields[3]!;
      if (addr.tokens.length !== 1) {
        errors.push({ file, line: startLine, message: 'multiple values specified for host address' });
        continue;
      }
      address = addr.tokens[0]!.value;
      pos = 4;
      // "IP MASK": a separate netmask field when the address has no "/" and is numeric.
      const next = fields[4]?.tokens[0]?.value;
      if (!address.includes('/') && /^[0-9a-fA-F:.]+$/.test(address) && /[.:]/.test(address) && next !== undefined && /^[0-9a-fA-F:.]+$/.test(next) && /[.:]/.test(next)) {
        mask = next;
        pos = 5;
      }
      if (address.includes('/') && !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(address)) {
        errors.push({ file, line: startLine, message: `invalid IP address "${address}"` });
        continue;
      }
    }
    const methodField = fields[pos];
    if (!methodField) {
      errors.push({ file, line: startLine, message: 'end-of-line before authentication method' });
      continue;
    }
    if (methodField.tokens.length !== 1) {
      errors.push({ file, line: startLine, message: 'multiple values specified for authentication type' });
      continue;
    }
    const method = methodField.tokens[0]!.value;
    if (!METHODS.has(method)) {
      errors.push({ file, line: startLine, message: `invalid authentication method "${method}"` });
      continue;
    }
    const options: Record<string, string> = {};
    let bad = false;
    for (const f of fields.slice(pos + 1)) {
      for (const t of f.tokens) {
        const eq = t.value.indexOf('=');
        if (eq <= 0) {
          errors.push({ file, line: startLine, message: `authentication option not in name=value format: ${t.value}` });
          bad = true;
          continue;
        }
        options[t.value.slice(0, eq)] = t.value.slice(eq + 1);
      }
    }
    if (bad) continue;
    const rec: HbaRecord = { kind: 'record', type, databases, users, method, options, source };
    if (address !== undefined) rec.address = address;
    if (mask !== undefined) rec.mask = mask;
    entries.push(rec);
  }
  return { model: { file, entries }, errors };
}

/**
 * Parses an `@file` list (hba.c tokenize_expand_file): names separated by blanks, commas
 * or new lines, `#` comments, double quotes.
 */
export function parseHbaNameList(text: string): HbaToken[] {
  const out: HbaToken[] = [];
  for (const raw of text.split('\n')) {
    const fields = splitFields(raw.replace(/\r$/, ''));
    if (!fields) continue;
    for (const f of fields) for (const t of f.tokens) if (t.value !== '' || t.quoted) out.push(t);
  }
  return out;
}
