import { usageError } from '../core/errors.ts';

/** A comma-separated option value as a list (undefined when the option is absent). */
export const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

/** Parses `name=value` parameters; the value is JSON when it parses as JSON, else a string. */
export function parseParams(items: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`--param expects name=value, got "${item}"`);
    const value = item.slice(eq + 1);
    let parsed: unknown = value;
    try {
      parsed = JSON.parse(value);
    } catch {
      // a plain string
    }
    out[item.slice(0, eq)] = parsed;
  }
  return out;
}
