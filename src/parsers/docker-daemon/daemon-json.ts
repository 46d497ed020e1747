/**
 * Parser for Docker's /etc/docker/daemon.json: strict JSON (dockerd refuses anything
 * else), read by a small recursive-descent parser that remembers the line of every
 * top-level key so that findings can quote it.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One top-level option of daemon.json. */
export interface DaemonOption {
  key: string;
  value: JsonValue;
  source: SourceLine;
}

export interface DaemonJsonModel {
  /** Top-level options by key (the last one wins for a repeated key, as in Go). */
  options: Map<string, DaemonOption>;
}

const MAX_DEPTH = 256;

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class JsonReader {
  pos = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    while (this.pos < this.s.length && ' \t\r\n'.includes(this.s[this.pos]!)) this.pos++;
  }

  fail(message: string): never {
    throw new JsonError(message, this.pos);
  }

  expect(ch: string): void {
    if (this.s[this.pos] !== ch) this.fail(`expected "${ch}"${this.pos >= this.s.length ? ' before the end of the file' : ''}`);
    this.pos++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.ws();
    const c = this.s[this.pos];
    if (c === '{') return this.object(depth, () => {});
    if (c === '[') {
      this.pos++;
      const out: JsonValue[] = [];
      this.ws();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return out;
      }
      for (;;) {
        out.push(this.value(depth + 1));
        this.ws();
        if (this.s[this.pos] === ',') {
          this.pos++;
          continue;
        }
        this.expect(']');
        return out;
      }
    }
    if (c === '"') return this.string();
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!lit) this.fail(c === undefined ? 'unexpected end of the file' : `unexpected character "${c}"`);
    this.pos += lit[0].length;
    if (lit[0] === 'true') return true;
    if (lit[0] === 'false') return false;
    if (lit[0] === 'null') return null;
    return Number(lit[0]);
  }

  /** Reads an object; `onKey` sees each key with the offset where it starts. */
  object(depth: number, onKey: (key: string, offset: number, value: JsonValue) => void): { [key: string]: JsonValue } {
    this.expect('{');
    const out: { [key: string]: JsonValue } = {};
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      const at = this.pos;
      if (this.s[this.pos] !== '"') this.fail('expected a quoted key');
      const key = this.string();
      this.ws();
      this.expect(':');
      const v = this.value(depth + 1);
      Object.defineProperty(out, key, { value: v, enumerable: true, configurable: true, writable: true });
      onKey(key, at, v);
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.s[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < ' ') this.fail('control character in a string');
      if (c === '\\') {
        const e = this.s[this.pos + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in map) {
          out += map[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else this.fail('invalid escape in a string');
        continue;
      }
      out += c;
      this.pos++;
    }
  }
}

/** Maps an offset to its 1-based line by binary search over the line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Parses daemon.json. An empty file is an empty configuration, as for dockerd. */
export function parseDaemonJson(text: string, file: string): ParseResult<DaemonJsonModel> {
  const model: DaemonJsonModel = { options: new Map() };
  const errors: ParseError[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { model, errors };
  const lines = splitLines(body);
  const lineAt = lineIndex(body);
  const r = new JsonReader(body);
  try {
    r.ws();
    if (body[r.pos] !== '{') r.fail('the configuration must be a JSON object');
    r.object(0, (key, offset, value) => {
      const line = lineAt(offset);
      model.options.set(key, { key, value, source: { file, line, text: lines[line - 1] ?? '' } });
    });
    r.ws();
    if (r.pos < body.length) r.fail('unexpected text after the JSON object');
  } catch (err) {
    if (!(err instanceof JsonError)) throw err;
    model.options.clear();
    errors.push({ file, line: lineAt(err.offset), message: `invalid JSON: ${err.message}` });
  }
  return { model, errors };
}
