import * as fs from 'node:fs';
import { runAudit } from '../core/engine.ts';
import { GarrisonError, usageError } from '../core/errors.ts';
import { defaultAuditOptions } from '../core/options.ts';
import type { Report } from '../core/report-schema.ts';
import { severityRank, isSeverity } from '../core/severity.ts';
import { rules } from '../rules/index.generated.ts';
import { reporters } from '../report/index.ts';
import { LocalHostTarget } from '../target/local-host.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { Target } from '../target/target.ts';
import { EXIT } from './options.ts';
import { Progress } from './progress.ts';
import { colorEnabled, terminalWidth, writeOutput } from './output.ts';

export interface AuditCliOptions {
  root?: string;
  format: string;
  output?: string;
  failOn: string;
  family?: string;
  rule?: string;
  skipRule?: string;
  crossMounts?: boolean;
  maxPaths: string;
  param?: string[];
  verbose?: boolean;
  progress: boolean;
  color: boolean;
}

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

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

export function validateAuditOptions(o: AuditCliOptions): void {
  if (!reporters[o.format]) throw usageError(`unknown --format "${o.format}": use one of ${Object.keys(reporters).join(', ')}`);
  if (o.failOn !== 'none' && !isSeverity(o.failOn)) throw usageError(`unknown --fail-on "${o.failOn}": use info, low, medium, high, critical or none`);
  if (!/^\d+$/.test(o.maxPaths) || Number(o.maxPaths) < 1) throw usageError(`--max-paths expects a positive whole number, got "${o.maxPaths}"`);
  const families = new Set(rules.map((r) => r.meta.family));
  for (const f of list(o.family) ?? []) if (!families.has(f)) throw usageError(`unknown rule family "${f}": see \`garrison rules\` (families: ${[...families].join(', ')})`);
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const id of [...(list(o.rule) ?? []), ...(list(o.skipRule) ?? [])]) if (!ids.has(id)) throw usageError(`unknown rule "${id}": see \`garrison rules\``);
  if (o.root !== undefined) {
    let st: fs.Stats;
    try {
      st = fs.statSync(o.root);
    } catch {
      throw new GarrisonError('GARRISON_ERR_ROOT_NOT_DIR', `--root ${o.root}: no such directory; give the directory where the image or tree is mounted`);
    }
    if (!st.isDirectory()) throw new GarrisonError('GARRISON_ERR_ROOT_NOT_DIR', `--root ${o.root} is not a directory; give the directory where the image or tree is mounted`);
  }
}

/** The exit code for a report: 1 when a failure at or above the threshold exists. */
export function exitCodeFor(report: Report, failOn: string): number {
  if (failOn === 'none') return EXIT.OK;
  const threshold = severityRank(failOn as Parameters<typeof severityRank>[0]);
  return report.findings.some((f) => f.status === 'fail' && severityRank(f.severity) >= threshold) ? EXIT.FINDINGS : EXIT.OK;
}

export async function auditCommand(o: AuditCliOptions): Promise<number> {
  validateAuditOptions(o);
  const target: Target = o.root !== undefined ? new RootDirTarget(o.root) : new LocalHostTarget();
  const progress = new Progress(o.progress);
  try {
    const report = await runAudit(
      target,
      defaultAuditOptions({
        families: list(o.family),
        rules: list(o.rule),
        excludeRules: list(o.skipRule),
        crossMounts: Boolean(o.crossMounts),
        maxPaths: Number(o.maxPaths),
        params: parseParams(o.param),
        onProgress: (m) => progress.update(m),
      }),
    );
    progress.done();
    const reporter = reporters[o.format]!;
    const toFile = o.output !== undefined;
    const text = reporter.render(report, {
      color: !toFile && colorEnabled(o.color, process.stdout),
      verbose: Boolean(o.verbose),
      width: terminalWidth(),
    });
    writeOutput(text, o.output);
    if (toFile) process.stderr.write(`garrison: report written to ${o.output}\n`);
    return exitCodeFor(report, o.failOn);
  } finally {
    progress.done();
    await target.close();
  }
}
