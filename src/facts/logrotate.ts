/**
 * logrotate's policies as logrotate computes them: /etc/logrotate.conf read in order, with
 * `include` expanded in place (a directory: its files in name order, skipping backup and
 * package-manager leftovers), global directives changing the defaults of every stanza
 * that follows, and each stanza starting from those defaults.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseLogrotate, type LogrotateDirective } from '../parsers/logrotate/logrotate.ts';
import type { SourceLine } from '../parsers/types.ts';
import { matchGlobComponent } from '../target/glob.ts';

export const LOGROTATE_CONF = '/etc/logrotate.conf';
const TABOO = /(\.dpkg-(old|dist|new|bak|tmp)|\.disabled|\.rpm(orig|save|new)|\.ucf-(old|dist|new)|\.bak|\.swp|\.old|~|^\.)$/;

export type RotationPeriod = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'size';

interface Settings {
  period: RotationPeriod;
  rotate: number;
  maxage: number | null;
  create: { mode: number | null; args: string[]; source: SourceLine } | null;
  su: { args: string[]; source: SourceLine } | null;
  rotateSource: SourceLine | null;
  periodSource: SourceLine | null;
}

/** The effective policy of one stanza. */
export interface RotationPolicy extends Settings {
  patterns: string[];
  source: SourceLine;
  /** How many days of old logs are kept: null when rotation is by size, Infinity for `rotate -1`. */
  retentionDays: number | null;
}

export interface LogrotateFacts {
  installed: boolean;
  files: string[];
  policies: RotationPolicy[];
}

const PERIOD_DAYS: Record<Exclude<RotationPeriod, 'size'>, number> = { hourly: 1 / 24, daily: 1, weekly: 7, monthly: 30, yearly: 365 };

function apply(s: Settings, d: LogrotateDirective): void {
  switch (d.name) {
    case 'hourly':
    case 'daily':
    case 'weekly':
    case 'monthly':
    case 'yearly':
      s.period = d.name;
      s.periodSource = d.source;
      break;
    case 'size':
      s.period = 'size';
      s.periodSource = d.source;
      break;
    case 'rotate': {
      const n = Number(d.args[0]);
      if (Number.isInteger(n)) {
        s.rotate = n;
        s.rotateSource = d.source;
      }
      break;
    }
    case 'maxage': {
      const n = Number(d.args[0]);
      s.maxage = Number.isInteger(n) && n > 0 ? n : null;
      break;
    }
    case 'create': {
      const m = d.args[0] !== undefined && /^[0-7]{3,4}$/.test(d.args[0]) ? parseInt(d.args[0], 8) : null;
      s.create = { mode: m, args: d.args, source: d.source };
      break;
    }
    case 'nocreate':
      s.create = null;
      break;
    case 'su':
      s.su = { args: d.args, source: d.source };
      break;
  }
}

function retention(s: Settings): number | null {
  if (s.period === 'size') return null;
  if (s.rotate < 0) return s.maxage ?? Infinity;
  const days = s.rotate * PERIOD_DAYS[s.period];
  return s.maxage !== null ? Math.min(days, s.maxage) : days;
}

async function includeTargets(ctx: FactContext, path: string): Promise<string[]> {
  if (/[*?[]/.test(path)) return ctx.target.glob(path);
  const st = await ctx.target.stat(path);
  if (!st.ok) return [];
  if (st.info.type !== 'dir') return [path];
  const d = await ctx.target.readDir(path);
  if (!d.ok) return [];
  return d.entries
    .filter((e) => e.type === 'file' && !TABOO.test(e.name))
    .map((e) => posix.join(path, e.name))
    .sort();
}

async function collect(ctx: FactContext): Promise<LogrotateFacts> {
  const files: string[] = [];
  const policies: RotationPolicy[] = [];
  const defaults: Settings = { period: 'daily', rotate: 0, maxage: null, create: null, su: null, rotateSource: null, periodSource: null };
  const seen = new Set<string>();
  const read = async (path: string, depth: number): Promise<void> => {
    if (seen.has(path) || depth > 8) return;
    seen.add(path);
    const r = await ctx.target.readFile(path);
    if (!r.ok) {
      if (r.error.code !== 'ENOENT' && r.error.code !== 'NOT_REGULAR') ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
      return;
    }
    files.push(path);
    const parsed = parseLogrotate(r.text, path);
    ctx.parseErrors(parsed.errors);
    for (const item of parsed.model.items) {
      if (item.kind === 'directive') apply(defaults, item.directive);
      else if (item.kind === 'include') for (const p of await includeTargets(ctx, item.path)) await read(p, depth + 1);
      else {
        const s: Settings = { ...defaults };
        for (const d of item.stanza.directives) apply(s, d);
        policies.push({ ...s, patterns: item.stanza.patterns, source: item.stanza.source, retentionDays: retention(s) });
      }
    }
  };
  const main = await ctx.target.stat(LOGROTATE_CONF);
  if (!main.ok) return { installed: false, files, policies };
  await read(LOGROTATE_CONF, 0);
  return { installed: true, files, policies };
}

/** True when a logrotate glob pattern matches a path (component by component). */
export function patternMatches(pattern: string, path: string): boolean {
  const p = pattern.split('/');
  const f = path.split('/');
  if (p.length !== f.length) return false;
  return p.every((c, i) => matchGlobComponent(c, f[i]!));
}

/** The policy logrotate applies to a path: the first stanza whose pattern matches it. */
export function policyFor(policies: readonly RotationPolicy[], path: string): RotationPolicy | undefined {
  return policies.find((p) => p.patterns.some((pat) => patternMatches(pat, path)));
}

export default defineFact<'logrotate', LogrotateFacts>({
  name: 'logrotate',
  description: 'logrotate policies from /etc/logrotate.conf and its includes: period, count, maxage, create mode and su per stanza.',
  collect,
});
