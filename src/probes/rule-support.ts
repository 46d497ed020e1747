/**
 * What every probe rule shares: picking the records of one kind, evidence that points at
 * an endpoint, and what a rule says when a record (or the part of it the rule needs) could
 * not be retrieved.
 *
 * A record that failed as a whole (nothing listens, the host does not answer, the server
 * speaks another protocol...) is reported once per endpoint by `probe-endpoint-reachable`;
 * the other rules then skip that record and point there, instead of repeating the same
 * error once per rule. A failure of only the part one rule needs stays that rule's `error`.
 */
import { snippet } from '../core/evidence.ts';
import type { AuditOptions } from '../core/options.ts';
import type { Evidence } from '../core/report-schema.ts';
import type { RuleContext, RuleReporter } from '../core/rule.ts';
import { hostPort } from './endpoint.ts';
import type { ProbeError, ProbeKind, ProbeRecord, RecordOf } from './record-types.ts';

/** The rule that reports, once per endpoint, what kept the endpoint from being probed. */
export const REACHABILITY_RULE = 'probe-endpoint-reachable';
/** Its family. */
export const REACHABILITY_FAMILY = 'probe-net';

/** Codes that mean no connection to the endpoint could be made at all. */
export const UNREACHED_CODES: ReadonlySet<ProbeError['code']> = new Set(['refused', 'connect-timeout', 'unreachable', 'dns']);

/** Why a record could not be judged at all. */
export interface WholeFailure {
  error: ProbeError;
  /** What happened, said of the endpoint: "could not be reached", "does not speak SSH". */
  verdict: string;
}

/** Evidence whose path is the endpoint URL. */
export function endpointEvidence(endpoint: string, text?: string, note?: string): Evidence {
  const e: Evidence = { path: endpoint };
  if (text !== undefined) e.snippet = snippet(text);
  if (note !== undefined) e.note = note;
  return e;
}

/** The protocol a record speaks, for messages: "TLS", "HTTPS", "SSH", "PostgreSQL"... */
export function protocolName(rec: ProbeRecord): string {
  switch (rec.kind) {
    case 'tls':
      return 'TLS';
    case 'http':
      return rec.scheme === 'https' ? 'HTTPS' : 'HTTP';
    case 'ssh':
      return 'SSH';
    case 'postgres':
      return 'PostgreSQL';
    case 'redis':
      return 'Redis';
    case 'mysql':
      return 'MySQL/MariaDB';
    case 'ldap':
      return rec.tls ? 'LDAPS' : 'LDAP';
  }
}

function verdictOf(code: ProbeError['code'], protocol: string): string {
  switch (code) {
    case 'refused':
    case 'connect-timeout':
    case 'unreachable':
    case 'dns':
      return 'could not be reached';
    case 'timeout':
      return `did not complete the ${protocol} exchange in time`;
    case 'reset':
    case 'closed':
      return `dropped the connection during the ${protocol} exchange`;
    case 'protocol':
      return `does not speak ${protocol}`;
    case 'too-large':
      return `sent an oversized ${protocol} answer`;
    case 'tls':
      return 'could not be probed over TLS';
    case 'other':
      return `could not be probed for ${protocol}`;
  }
}

/**
 * Why a record cannot be judged by any rule of its kind, or undefined when it can: the
 * record's own error, or, for TLS, a server that accepted none of the versions probed and
 * sent no certificate (every TLS rule would otherwise report the same thing).
 */
export function wholeFailure(rec: ProbeRecord): WholeFailure | undefined {
  if (rec.error) return { error: rec.error, verdict: verdictOf(rec.error.code, protocolName(rec)) };
  if (rec.kind === 'tls' && rec.protocols.length > 0 && !rec.protocols.some((p) => p.accepted) && !rec.certificate?.chain.length) {
    const cause = rec.protocols.find((p) => p.error)?.error ?? rec.certificate?.error;
    const message = `every ClientHello from SSL 3.0 to TLS 1.3 was refused${cause ? ` (${withoutLabel(rec, cause.message)})` : ''}`;
    return { error: { code: cause?.code ?? 'tls', message }, verdict: 'accepts no TLS version' };
  }
  return undefined;
}

/**
 * The sentence for a whole failure: "ssh://10.0.0.5:22 does not speak SSH: no SSH
 * identification line within the first 32 lines (endless banner or not an SSH server)".
 */
export function describeFailure(rec: ProbeRecord, failure: WholeFailure): string {
  let detail = withoutLabel(rec, failure.error.message);
  // "does not speak Redis: the server does not speak the Redis protocol: it answered …"
  if (failure.verdict.startsWith('does not speak ')) detail = detail.replace(/^(the server does not speak [^:]*|not an? \S+ server): /, '');
  return `${rec.endpoint} ${failure.verdict}: ${detail}`;
}

/**
 * Plain HTTP on port 80 that was probed only because an https:// URL on the default port
 * was given, and that nothing answers: plain HTTP is simply not offered, which is fine.
 */
export function plainHttpNotOffered(rec: ProbeRecord): boolean {
  if (rec.kind !== 'http' || !rec.implied || rec.main.responses.length > 0) return false;
  const code = (rec.main.error ?? rec.error)?.code;
  return code === 'refused' || code === 'connect-timeout';
}

/** A probe message without the "host:port: " it starts with (the endpoint is named already). */
export function withoutLabel(rec: Pick<ProbeRecord, 'host' | 'port'>, message: string): string {
  const label = `${hostPort(rec.host, rec.port)}: `;
  return message.startsWith(label) ? message.slice(label.length) : message;
}

/**
 * Whether the audit runs `probe-endpoint-reachable`, by the same selection as the engine
 * (probe families run only when asked for by family or rule id). When it does not (e.g.
 * one rule asked for with --rule), the other rules report a whole failure themselves, so
 * that it never turns into a silent skip.
 */
export function reachabilityJudged(options: Pick<AuditOptions, 'families' | 'rules' | 'excludeRules'>): boolean {
  const family = options.families ? options.families.includes(REACHABILITY_FAMILY) : options.rules !== undefined;
  return family && (!options.rules || options.rules.includes(REACHABILITY_RULE)) && !(options.excludeRules ?? []).includes(REACHABILITY_RULE);
}

/**
 * Reports that a record, or the part of it a rule needs (`error`, `what`), could not be
 * retrieved. A record that failed as a whole is skipped with a pointer to
 * `probe-endpoint-reachable`, which reports it once for the endpoint; anything else is
 * this rule's `error`.
 */
export function reportProbeError(report: RuleReporter<string>, ctx: RuleContext, rec: ProbeRecord, error: ProbeError | undefined, what: string): void {
  const whole = wholeFailure(rec);
  if (whole && reachabilityJudged(ctx.options)) {
    report.skip(`not checked: ${rec.endpoint} ${whole.verdict} (see ${REACHABILITY_RULE})`);
    return;
  }
  const e = error ?? whole?.error;
  const message = e ? e.message : `${what} was not retrieved`;
  report.error(`${rec.endpoint}: could not check ${what}: ${message}`, {
    evidence: [endpointEvidence(rec.endpoint, undefined, e?.code)],
    key: `${rec.endpoint}\u0001error`,
  });
}

/**
 * Calls `check` for each record of `kind` that `applies` to the rule; reports `skip` when
 * there is none (the rule's subject was not probed).
 */
export function forEachRecord<K extends ProbeKind>(
  probes: readonly ProbeRecord[],
  kind: K,
  report: RuleReporter<string>,
  notApplicable: string,
  check: (rec: RecordOf<K>) => void,
  applies: (rec: RecordOf<K>) => boolean = () => true,
): void {
  const recs = probes.filter((r): r is RecordOf<K> => r.kind === kind).filter(applies);
  if (recs.length === 0) {
    report.skip(`not applicable: ${notApplicable}`);
    return;
  }
  for (const rec of recs) check(rec);
}
