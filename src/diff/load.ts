/**
 * Reads a report file given on the command line and checks it is a garrison report this
 * version understands. Every problem becomes a GarrisonError (GARRISON_ERR_REPORT_INVALID)
 * naming the file and saying what to do; nothing else is ever thrown.
 */
import * as fs from 'node:fs';
import { GarrisonError } from '../core/errors.ts';
import { REPORT_SCHEMA_VERSION, ReportSchema } from '../core/report-schema.ts';
import type { Report } from '../core/report-schema.ts';

/** Reports larger than this are refused rather than read into memory. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

function invalid(file: string, message: string): GarrisonError {
  return new GarrisonError('GARRISON_ERR_REPORT_INVALID', `${file}: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonSyntaxMessage(text: string, err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(detail);
  const atEnd = /Unexpected end|Unterminated/i.test(detail) || (position !== null && Number(position[1]) >= text.trimEnd().length);
  const hint = text.trim() === '' ? 'the file is empty' : atEnd ? 'the file looks truncated' : 'the file is not valid JSON';
  return `${hint} (${detail}); give a report written by \`garrison audit --format json\``;
}

/** Where in the report a schema problem is, e.g. findings[3].fingerprint. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/** Checks parsed JSON and returns the report, or throws a GarrisonError naming `file`. */
export function parseReportText(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw invalid(file, jsonSyntaxMessage(text, err));
  }
  if (isRecord(data) && 'diffVersion' in data) {
    throw invalid(file, 'is the output of `garrison diff`, not a report; give reports written by `garrison audit --format json`');
  }
  if (!isRecord(data) || !isRecord(data.tool) || data.tool.name !== 'garrison') {
    throw invalid(file, 'not a garrison report (no "tool": {"name": "garrison"}); give a report written by `garrison audit --format json`');
  }
  const version = data.schemaVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > REPORT_SCHEMA_VERSION) {
    throw invalid(file, `report schema version ${version} is newer than this garrison supports (version ${REPORT_SCHEMA_VERSION}); use a newer garrison to compare it`);
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    throw invalid(file, `unsupported report schema version ${JSON.stringify(version) ?? 'undefined'}; this garrison reads version ${REPORT_SCHEMA_VERSION}: audit again to get a current report`);
  }
  const parsed = ReportSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${issuePath(i.path)}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` and ${parsed.error.issues.length - 3} more problems` : '';
    throw invalid(file, `not a valid garrison report (${issues.join('; ')}${more}); was it edited by hand?`);
  }
  return parsed.data;
}

/** Reads and checks the report at `file` (a path on this machine given by the user). */
export function loadReport(file: string): Report {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw invalid(file, `cannot read the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`);
  }
  if (st.isDirectory()) throw invalid(file, 'is a directory; give the JSON file written by `garrison audit --format json --output FILE`');
  if (!st.isFile()) throw invalid(file, 'is not a regular file; give the JSON file written by `garrison audit --format json --output FILE`');
  if (st.size > MAX_REPORT_BYTES) throw invalid(file, `is ${st.size} bytes, more than a report can be (${MAX_REPORT_BYTES}); check the path`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw invalid(file, `cannot read the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check its permissions`);
  }
  return parseReportText(text.replace(/^\uFEFF/, ''), file);
}
