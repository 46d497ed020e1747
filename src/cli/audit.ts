import * as fs from 'node:fs';
import { configFile, loadConfig, vocabularyOf, waiveFindings } from '../config/index.ts';
import { runAudit } from '../core/engine.ts';
import { GarrisonError, usageError } from '../core/errors.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { rules } from '../rules/index.generated.ts';
import { LocalHostTarget } from '../target/local-host.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { Target } from '../target/target.ts';
import { emitReport, validateReportOptions, type ReportCliOptions } from './emit.ts';
import { Progress } from './progress.ts';
import { list, parseParams } from './params.ts';
import { profileOrUsageError } from './profiles.ts';
import { PROFILES, profileHostRules, profileParams } from '../profiles/index.ts';
import { jsonReporter } from '../report/json.ts';
import { saveLastReport } from './state.ts';

export interface AuditCliOptions extends ReportCliOptions {
  root?: string;
  family?: string;
  rule?: string;
  skipRule?: string;
  crossMounts?: boolean;
  maxPaths: string;
  param?: string[];
  config?: string;
  profile?: string;
  progress: boolean;
  /** False with --no-save: do not keep the report as the last one. */
  save: boolean;
}

export function validateAuditOptions(o: AuditCliOptions): void {
  validateReportOptions(o);
  if (!/^\d+$/.test(o.maxPaths) || Number(o.maxPaths) < 1) throw usageError(`--max-paths expects a positive whole number, got "${o.maxPaths}"`);
  const families = new Set(rules.map((r) => r.meta.family));
  for (const f of list(o.family) ?? []) if (!families.has(f)) throw usageError(`unknown rule family "${f}": see \`garrison rules\` (families: ${[...families].join(', ')})`);
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const id of [...(list(o.rule) ?? []), ...(list(o.skipRule) ?? [])]) if (!ids.has(id)) throw usageError(`unknown rule "${id}": see \`garrison rules\``);
  if (o.profile !== undefined) profileOrUsageError(o.profile);
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

export async function auditCommand(o: AuditCliOptions): Promise<number> {
  validateAuditOptions(o);
  const cliParams = parseParams(o.param);
  const file = configFile(o.config, process.cwd());
  const config = file === undefined ? undefined : loadConfig(file, vocabularyOf(rules, PROFILES));
  // --profile wins over the configuration file's profile.
  const profileName = o.profile ?? config?.profile;
  const profile = profileName === undefined ? undefined : profileOrUsageError(profileName);
  // A profile narrows the rules to its own (and --rule further); its parameters come first.
  const profileRules = profile ? profileHostRules(profile).map((r) => r.meta.id) : undefined;
  const ruleList = list(o.rule);
  const selected = profileRules && ruleList ? profileRules.filter((id) => ruleList.includes(id)) : (profileRules ?? ruleList);
  const target: Target = o.root !== undefined ? new RootDirTarget(o.root) : new LocalHostTarget();
  const progress = new Progress(o.progress);
  try {
    const report = await runAudit(
      target,
      defaultAuditOptions({
        families: list(o.family),
        rules: selected,
        excludeRules: list(o.skipRule),
        crossMounts: Boolean(o.crossMounts),
        maxPaths: Number(o.maxPaths),
        // The command line wins over the configuration file.
        params: { ...(profile ? profileParams(profile) : {}), ...config?.params, ...cliParams },
        ...(config ? { severityOverrides: config.severity } : {}),
        onProgress: (m) => progress.update(m),
      }),
    );
    progress.done();
    const profiled = profile ? { ...report, profile: profile.name } : report;
    const final = config ? waiveFindings(profiled, config, (line) => process.stderr.write(`${line}\n`)) : profiled;
    if (o.save) {
      // The last report, for `garrison coverage` and `garrison fix` without a report: garrison's own state, never the target.
      const warning = saveLastReport(jsonReporter.render(final, { color: false, verbose: false, width: 100 }), o.root);
      if (warning !== undefined) process.stderr.write(`${warning}\n`);
    }
    return emitReport(final, o, profile);
  } finally {
    progress.done();
    await target.close();
  }
}
