/**
 * Parser for the `key = value` files of the audit daemon: auditd.conf, the plugin files in
 * /etc/audit/plugins.d (or /etc/audisp/plugins.d) and audisp-remote.conf. Comments start
 * with `#`; keys are case-sensitive as auditd reads them; the last assignment wins.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface KeyValueEntry {
  key: string;
  value: string;
  source: SourceLine;
}

export interface KeyValueModel {
  entries: KeyValueEntry[];
  /** The last entry of a key. */
  get(key: string): KeyValueEntry | undefined;
}

/** Parses an auditd-style `key = value` file. */
export function parseAuditKeyValue(text: string, file: string): ParseResult<KeyValueModel> {
  const entries: KeyValueEntry[] = [];
  const errors: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq === -1 ? '' : line.slice(0, eq).trim();
    if (eq === -1 || !/^[A-Za-z0-9_-]+$/.test(key)) {
      errors.push({ file, line: i + 1, message: 'expected "key = value"' });
      return;
    }
    entries.push({ key, value: line.slice(eq + 1).trim(), source: { file, line: i + 1, text: raw } });
  });
  const model: KeyValueModel = {
    entries,
    get: (key) => {
      for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === key) return entries[i];
      return undefined;
    },
  };
  return { model, errors };
}
