import * as fs from 'node:fs';
import { configFile } from '../config/locate.ts';
import { GarrisonError, usageError } from '../core/errors.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { analyseRecords, collectRecords, endpointsFromListeners, PROBE_FAMILIES, probeRules, serializeRecords, SUPPORTED_SCHEMES } from '../probes/index.ts';
import type { ProbeRecord } from '../probes/index.ts';
import { LocalHostTarget } from '../target/local-host.ts';
import { list, parseParams } from './params.ts';
import { emitReport, validateReportOptions, type ReportCliOptions } from './emit.ts';
import { Progress } from './progress.ts';

export interface ProbeCliOptions extends ReportCliOptions {
  fromAudit?: boolean;
  timeout: string;
  connectTimeout: string;
  concurrency: string;
  loginPath?: string;
  followOtherHosts?: boolean;
  sshUser: string;
  saveRecord?: string;
  record?: string;
  rule?: string;
  skipRule?: string;
  param?: string[];
  config?: string;
  progress: boolean;
}

function positiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw usageError(`${name} expects a positive whole number, got "${value}"`);
  return Number(value);
}

/** What this host listens on, as the `listeners` fact of an audit sees it. */
async function localEndpoints(): Promise<string[]> {
  // The host's facts (and every parser behind them) load only for --from-audit.
  const { FactStore } = await import('../core/engine.ts');
  const target = new LocalHostTarget();
  try {
    const store = new FactStore(target, await target.info(), defaultAuditOptions());
    return endpointsFromListeners((await store.get('listeners')).listeners);
  } finally {
    await target.close();
  }
}

/**
 * garrison.yaml, when --config names one or the working directory holds one. The file may
 * name host rules and a profile too (one file serves audit and probe; probe runs no profile),
 * so it is checked against the whole registry; that and the YAML parser load only when there
 * is a file.
 */
async function readConfig(option: string | undefined) {
  const file = configFile(option, process.cwd());
  if (file === undefined) return undefined;
  const [cfg, { rules }, { PROFILES }] = await Promise.all([import('../config/index.ts'), import('../rules/index.generated.ts'), import('../profiles/index.ts')]);
  return { config: cfg.loadConfig(file, cfg.vocabularyOf(rules, PROFILES)), waiveFindings: cfg.waiveFindings };
}

export async function probeCommand(urls: string[], o: ProbeCliOptions): Promise<number> {
  validateReportOptions(o);
  const timeoutMs = positiveInt('--timeout', o.timeout);
  const connectTimeoutMs = positiveInt('--connect-timeout', o.connectTimeout);
  const concurrency = positiveInt('--concurrency', o.concurrency);
  if (o.loginPath !== undefined && !o.loginPath.startsWith('/')) throw usageError(`--login-path must start with "/", got "${o.loginPath}"`);
  const ids = new Set(probeRules().map((r) => r.meta.id));
  for (const id of [...(list(o.rule) ?? []), ...(list(o.skipRule) ?? [])]) if (!ids.has(id)) throw usageError(`unknown probe rule "${id}": see \`garrison rules --family ${PROBE_FAMILIES.join(',')}\``);
  const cliParams = parseParams(o.param);
  const config = await readConfig(o.config);

  let records: ProbeRecord[];
  if (o.record !== undefined) {
    if (urls.length > 0 || o.fromAudit) throw usageError('--record judges saved records: give no URL and no --from-audit with it');
    let text: string;
    try {
      text = fs.readFileSync(o.record, 'utf8');
    } catch (err) {
      throw usageError(`--record ${o.record}: ${(err as Error).message}`);
    }
    // The record schemas (and zod) load only to check records read from a file.
    const { loadRecords } = await import('../probes/record.ts');
    try {
      records = loadRecords(text);
    } catch (err) {
      throw new GarrisonError('GARRISON_ERR_REPORT_INVALID', `--record ${o.record}: ${(err as Error).message}; give a file written by --save-record`);
    }
  } else {
    const all = [...urls];
    if (o.fromAudit) all.push(...(await localEndpoints()));
    if (all.length === 0) throw usageError(`give at least one URL (${SUPPORTED_SCHEMES.map((s) => `${s}://host[:port]`).join(', ')}) or --from-audit`);
    const progress = new Progress(o.progress);
    try {
      records = await collectRecords(all, {
        timeoutMs,
        connectTimeoutMs,
        concurrency,
        followOtherHosts: Boolean(o.followOtherHosts),
        sshUser: o.sshUser,
        ...(o.loginPath !== undefined ? { loginPath: o.loginPath } : {}),
        onProgress: (m) => progress.update(m),
      });
    } finally {
      progress.done();
    }
    if (o.saveRecord !== undefined) {
      try {
        fs.writeFileSync(o.saveRecord, serializeRecords(records), { mode: 0o600 });
      } catch (err) {
        throw new GarrisonError('GARRISON_ERR_OUTPUT', `cannot write ${o.saveRecord}: ${(err as Error).message}; choose a writable path for --save-record`);
      }
    }
  }
  const report = await analyseRecords(records, {
    ...(o.rule ? { rules: list(o.rule) } : {}),
    ...(o.skipRule ? { excludeRules: list(o.skipRule) } : {}),
    // The command line wins over the configuration file.
    params: { ...config?.config.params, ...cliParams },
    ...(config ? { severityOverrides: config.config.severity } : {}),
  });
  return emitReport(config ? config.waiveFindings(report, config.config, (line) => process.stderr.write(`${line}\n`)) : report, o);
}
