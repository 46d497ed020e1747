/**
 * Reading and checking garrison.yaml. Every problem is reported as FILE:LINE: KEY: what is
 * wrong, the line taken from the YAML node the zod issue points at (or, for a missing key,
 * from the mapping that lacks it).
 */
import * as fs from 'node:fs';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { GarrisonError } from '../core/errors.ts';
import { configSchema, type ConfigVocabulary, type GarrisonConfig } from './schema.ts';

type PathKey = string | number;

function configError(message: string): GarrisonError {
  return new GarrisonError('GARRISON_ERR_CONFIG', message, 2);
}

/** `waivers[0].reason` for ['waivers', 0, 'reason']. */
export function keyName(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out === '' ? '(top level)' : out;
}

/** The line of the deepest existing node on the path (1 when the document is empty). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PathKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/** The line of the key `key` in the mapping at `path`. */
function keyLine(doc: Document, lines: LineCounter, path: readonly PathKey[], key: string): number {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
  }
  return lineOf(doc, lines, path);
}

const EXPECTED: Record<string, string> = { record: 'a mapping (key: value)', object: 'a mapping (key: value)', array: 'a list', string: 'text' };

/** How a YAML value reads in a message: "a list", "a number", "nothing"... */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isNode(value)) return isMap(value) ? 'a mapping' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** A problem on one line: control characters from the file (a line break in a key or value) are written as escapes. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function describeIssue(doc: Document, lines: LineCounter, file: string, issue: z.core.$ZodIssue): string[] {
  const path = issue.path.filter((k): k is PathKey => typeof k === 'string' || typeof k === 'number');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${file}:${keyLine(doc, lines, path, k)}: ${keyName([...path, k])}: unknown key${path.length === 0 ? ' (garrison.yaml holds profile, params, severity and waivers)' : ''}`);
  }
  let message = issue.message;
  if (issue.code === 'invalid_type') {
    if (path.length > 0 && !doc.hasIn(path)) message = 'missing: this key is required';
    else message = `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(path.length === 0 ? doc.toJS() : doc.getIn(path))}`;
  }
  return [`${file}:${lineOf(doc, lines, path)}: ${keyName(path)}: ${message}`];
}

/**
 * Parses and validates the text of a configuration file. Throws GarrisonError
 * (GARRISON_ERR_CONFIG) naming file, line and key for anything wrong; never anything else.
 */
export function parseConfig(text: string, file: string, vocabulary: ConfigVocabulary): GarrisonConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw configError(doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line}: YAML syntax error: ${e.message.split('\n')[0]}`).join('\n'));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw configError(`${file}:1: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (data === null || data === undefined) data = {};
  const parsed = configSchema(vocabulary).safeParse(data);
  if (!parsed.success) throw configError(parsed.error.issues.flatMap((i) => describeIssue(doc, lines, file, i).map(oneLine)).join('\n'));
  const waivers = (parsed.data.waivers ?? []).map((w, i) => ({ ...w, source: `${file}:${lineOf(doc, lines, ['waivers', i])}` }));
  return {
    file,
    ...(parsed.data.profile !== undefined ? { profile: parsed.data.profile } : {}),
    params: parsed.data.params ?? {},
    severity: parsed.data.severity ?? {},
    waivers,
  };
}

/** Reads and validates a configuration file. */
export function loadConfig(file: string, vocabulary: ConfigVocabulary): GarrisonConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw configError(`--config ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}; give the path of a garrison.yaml`);
  }
  return parseConfig(text, file, vocabulary);
}
