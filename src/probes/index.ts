/**
 * Network probes: check what a service really exposes. `collectRecords` talks to the
 * endpoints and returns plain records (saveable with `serializeRecords`); `analyseRecords`
 * judges records with the probe-* rules; `probe` does both.
 */
import type { Report } from '../core/report-schema.ts';
import { analyseRecords, type AnalyseOptions } from './analyse.ts';
import { collectRecords, type ProbeOptions } from './runner.ts';

export { analyseRecords, probeRules, PROBE_FAMILIES, type AnalyseOptions } from './analyse.ts';
export { endpointsFromListeners, parseEndpoint, SUPPORTED_SCHEMES } from './endpoint.ts';
export { serializeRecords, type ProbeRecord } from './record-types.ts';
export { collectRecords, DEFAULT_CONCURRENCY, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ProbeOptions } from './runner.ts';

/** Probes the endpoints and judges what they answered. */
export async function probe(urls: readonly string[], options: ProbeOptions & AnalyseOptions = {}): Promise<Report> {
  const started = Date.now();
  const report = await analyseRecords(await collectRecords(urls, options), options);
  return { ...report, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started };
}
