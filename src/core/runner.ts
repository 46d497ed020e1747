/**
 * The engine's core: selects rules, collects the facts they need once (lazily, in
 * parallel), runs each rule, and turns what the rules report into findings. It is given
 * the rules and fact collectors to use, so that a command loads only what it runs
 * (src/core/engine.ts binds it to the full registries). Nothing here touches the host
 * except through the Target.
 */
import type { Target, TargetInfo } from '../target/target.ts';
import type { Diagnostic, FactContext, FactName, Facts } from './fact.ts';
import type { AuditOptions } from './options.ts';
import type { Evidence, Finding, Report, ReportError } from './report-schema.ts';
import { REPORT_SCHEMA_VERSION } from './report-version.ts';
import type { MessageData, ReportOptions, Rule, RuleContext, RuleReporter } from './rule.ts';
import { formatMessage } from './rule.ts';
import { fingerprint, normalizeForKey } from './fingerprint.ts';
import { redactSecrets } from './redact.ts';
import { compareFindings, summarize } from './summary.ts';
import { VERSION } from './version.ts';

interface FactState {
  promise: Promise<unknown>;
  diagnostics: Diagnostic[];
  failure?: string;
}

/** Fact collectors by fact name. */
export type FactCollectorMap = Readonly<Record<string, { collect(ctx: FactContext): Promise<unknown> }>>;

/** Collects each fact at most once per audit and remembers the problems met. */
export class FactStore {
  private readonly states = new Map<string, FactState>();
  constructor(
    private readonly target: Target,
    private readonly info: TargetInfo,
    private readonly options: AuditOptions,
    private readonly collectors: FactCollectorMap,
  ) {}

  get<K extends FactName>(name: K): Promise<Facts[K]> {
    return this.state(name).promise as Promise<Facts[K]>;
  }

  diagnosticsOf(name: string): Diagnostic[] {
    return this.states.get(name)?.diagnostics ?? [];
  }

  failureOf(name: string): string | undefined {
    return this.states.get(name)?.failure;
  }

  private state(name: string): FactState {
    const st = this.states.get(name);
    if (st) return st;
    const def = this.collectors[name];
    const diagnostics: Diagnostic[] = [];
    const fresh: FactState = { diagnostics, promise: Promise.resolve(undefined) };
    this.states.set(name, fresh);
    if (!def) {
      fresh.failure = `unknown fact "${name}"`;
      fresh.promise = Promise.reject(new Error(fresh.failure));
      fresh.promise.catch(() => {});
      return fresh;
    }
    const ctx: FactContext = {
      target: this.target,
      info: this.info,
      options: this.options,
      get: (n) => this.get(n),
      diagnostic: (d) => diagnostics.push(d),
      parseErrors: (errs) => {
        for (const e of errs) diagnostics.push({ path: e.file, line: e.line, message: e.message });
      },
    };
    fresh.promise = def.collect(ctx).catch((err: unknown) => {
      fresh.failure = err instanceof Error ? err.message : String(err);
      throw err;
    });
    fresh.promise.catch(() => {});
    return fresh;
  }
}

/**
 * The rules an audit runs. Families named `probe-*` judge recorded network exchanges, not a
 * host's files: they run only when asked for by family or id.
 */
export function selectRules(options: AuditOptions, rules: readonly Rule[]): Rule[] {
  return rules.filter(
    (r) =>
      (options.families ? options.families.includes(r.meta.family) : options.rules !== undefined || !r.meta.family.startsWith('probe-')) &&
      (!options.rules || options.rules.includes(r.meta.id)) &&
      !(options.excludeRules ?? []).includes(r.meta.id),
  );
}

interface Raw {
  status: Finding['status'];
  messageId?: string;
  message: string;
  options: ReportOptions;
}

function evidenceKey(raw: Raw): string {
  if (raw.options.key !== undefined) return raw.options.key;
  const ev = raw.options.evidence ?? [];
  if (ev.length === 0) return `${raw.status}:${raw.messageId ?? raw.message}`;
  return ev.map((e) => `${e.path ?? ''}\u0001${normalizeForKey(e.snippet ?? '')}`).join('\u0002');
}

function cleanEvidence(ev: readonly Evidence[] | undefined): Evidence[] {
  return (ev ?? []).map((e) => {
    const out: Evidence = {};
    if (e.path !== undefined) out.path = e.path;
    if (e.line !== undefined && e.line > 0) out.line = e.line;
    if (e.snippet !== undefined) out.snippet = redactSecrets(e.snippet);
    if (e.note !== undefined) out.note = redactSecrets(e.note, { prose: true });
    return out;
  });
}

/** Runs one rule against the collected facts and returns its findings. */
export async function evaluateRule(rule: Rule, store: FactStore, info: TargetInfo, options: AuditOptions, targetId: string): Promise<Finding[]> {
  const meta = rule.meta;
  const raws: Raw[] = [];
  const make = (status: Raw['status'], messageId: string | undefined, message: string, opts: ReportOptions = {}) =>
    raws.push({ status, messageId, message, options: opts });
  const templ = (id: string, data?: MessageData) => {
    const t = (meta.messages as Record<string, string>)[id];
    return t === undefined ? id : formatMessage(t, data);
  };
  const reporter: RuleReporter<string> = {
    fail: (id, o) => make('fail', id, templ(id, o?.data), o),
    pass: (id, o) => make('pass', id, id ? templ(id, o?.data) : 'No departure from the guideline found.', o),
    skip: (reason) => make('skip', undefined, reason),
    error: (message, o) => make('error', undefined, message, o),
  };

  // Facts first: a fact that could not be collected makes the rule an error.
  const facts: Partial<Facts> = {};
  const diagnostics: Diagnostic[] = [];
  const failures: string[] = [];
  await Promise.all(
    rule.requires.map(async (name) => {
      try {
        (facts as Record<string, unknown>)[name] = await store.get(name);
      } catch (err) {
        failures.push(`could not collect "${name}": ${err instanceof Error ? err.message : String(err)}`);
      }
      diagnostics.push(...store.diagnosticsOf(name));
    }),
  );

  const ctx: RuleContext = {
    info,
    options,
    param: <T>(name: string): T => {
      if (name in options.params) return options.params[name] as T;
      const decl = meta.params?.[name];
      if (!decl) throw new Error(`rule ${meta.id} reads undeclared parameter "${name}"`);
      return decl.default as T;
    },
  };

  if (failures.length > 0) {
    make('error', undefined, failures.join('; '));
  } else {
    try {
      await rule.check(facts, reporter, ctx);
    } catch (err) {
      make('error', undefined, `rule failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  if (diagnostics.length > 0) {
    const first = diagnostics[0]!;
    const where = `${first.path}${first.line ? `:${first.line}` : ''}`;
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    make('error', undefined, `Could not fully evaluate: ${where}: ${first.message}${more}`, {
      key: 'diagnostics',
      evidence: diagnostics.slice(0, options.maxPaths).map((d) => {
        const e: Evidence = { path: d.path, note: d.message };
        if (d.line !== undefined) e.line = d.line;
        if (d.snippet !== undefined) e.snippet = d.snippet;
        return e;
      }),
    });
  }

  // A rule that reported nothing passes, unless its facts could not be read in full: then
  // it could not be checked, which is an error, never a silent pass.
  if (raws.length === 0 && diagnostics.length === 0) make('pass', undefined, 'No departure from the guideline found.');
  const severityOverride = options.severityOverrides?.[meta.id];
  return raws.map((r) => ({
    ruleId: meta.id,
    family: meta.family,
    status: r.status,
    severity: severityOverride ?? r.options.severity ?? meta.severity,
    title: meta.title,
    ...(r.messageId !== undefined ? { messageId: r.messageId } : {}),
    message: redactSecrets(r.message, { prose: true }),
    evidence: cleanEvidence(r.options.evidence),
    rationale: meta.rationale,
    remediation: meta.remediation,
    references: meta.references,
    fingerprint: fingerprint(meta.id, targetId, `${r.status === 'pass' ? 'pass' : ''}${evidenceKey(r)}`),
  }));
}

/** Audits a target with the selected rules among `rules` and returns the report. */
export async function runRules(target: Target, options: AuditOptions, rules: readonly Rule[], collectors: FactCollectorMap): Promise<Report> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const errors: ReportError[] = [];
  const info = await target.info();
  const selected = selectRules(options, rules);
  const store = new FactStore(target, info, options, collectors);
  const targetId = `${info.kind}:${info.hostname}`;

  // Start every needed fact at once so that their I/O overlaps; rules then run in order.
  const needed = new Set(selected.flatMap((r) => r.requires));
  for (const name of needed) store.get(name as FactName).catch(() => {});

  const findings: Finding[] = [];
  for (const rule of selected) findings.push(...(await evaluateRule(rule, store, info, options, targetId)));
  findings.sort(compareFindings);

  for (const name of needed) {
    const failure = store.failureOf(name);
    if (failure) errors.push({ code: 'GARRISON_ERR_FACT', message: `fact "${name}": ${failure}` });
  }

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'garrison', version: VERSION },
    target: { kind: info.kind, root: info.root, hostname: info.hostname, os: info.os },
    startedAt,
    durationMs: Date.now() - started,
    summary: summarize(findings),
    findings,
    errors,
  };
}
