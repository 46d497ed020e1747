/**
 * /etc/login.defs (login.defs(5)), read the way shadow-utils' getdef does: `NAME value`
 * per line, blanks around the value and double quotes at its ends stripped, `#` comments,
 * and the last occurrence of a name wins. Numbers are read like strtol with base 0
 * (`022` is octal, `0x10` hexadecimal).
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface LoginDefsSetting {
  value: string;
  source: SourceLine;
}

export interface LoginDefs {
  file: string;
  /** By name, the effective (last) occurrence. */
  settings: Record<string, LoginDefsSetting>;
}

/** Parses login.defs. Never throws. */
export function parseLoginDefs(text: string, file: string): ParseResult<LoginDefs> {
  const settings: Record<string, LoginDefsSetting> = Object.create(null) as Record<string, LoginDefsSetting>;
  const errors: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)(?:[ \t]+(.*))?$/.exec(line);
    if (!m) return;
    const name = m[1]!;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      errors.push({ file, line: i + 1, message: `"${name.slice(0, 40)}" is not a setting name` });
      return;
    }
    const value = (m[2] ?? '').replace(/^[ \t"]+/, '').replace(/[ \t"]+$/, '');
    settings[name] = { value, source: { file, line: i + 1, text: raw } };
  });
  return { model: { file, settings }, errors };
}

/** A number as strtol(value, NULL, 0) reads it, or null if the whole value is not one. */
export function parseCNumber(value: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(value.trim());
  if (!m) return null;
  const body = m[2]!;
  const magnitude = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.startsWith('0') ? parseInt(body, 8) : parseInt(body, 10);
  const n = m[1] === '-' ? -magnitude : magnitude;
  return Number.isSafeInteger(n) ? n : null;
}

/** The account id ranges useradd(8) works with, with shadow-utils' defaults. */
export interface IdRanges {
  uidMin: number;
  uidMax: number;
  sysUidMin: number;
  sysUidMax: number;
  gidMin: number;
  gidMax: number;
  sysGidMin: number;
  sysGidMax: number;
}

/**
 * The uid and gid ranges from login.defs. Absent or unreadable values take shadow-utils'
 * defaults: UID_MIN 1000, UID_MAX 60000, SYS_UID_MIN 101, SYS_UID_MAX UID_MIN - 1 (and the
 * same for gids).
 */
export function idRanges(defs: LoginDefs | null): IdRanges {
  const num = (name: string, fallback: number): number => {
    const s = defs?.settings[name];
    const n = s ? parseCNumber(s.value) : null;
    return n !== null && n >= 0 ? n : fallback;
  };
  const uidMin = num('UID_MIN', 1000);
  const gidMin = num('GID_MIN', 1000);
  return {
    uidMin,
    uidMax: num('UID_MAX', 60000),
    sysUidMin: num('SYS_UID_MIN', 101),
    sysUidMax: num('SYS_UID_MAX', uidMin - 1),
    gidMin,
    gidMax: num('GID_MAX', 60000),
    sysGidMin: num('SYS_GID_MIN', 101),
    sysGidMax: num('SYS_GID_MAX', gidMin - 1),
  };
}
