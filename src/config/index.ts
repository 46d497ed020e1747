/**
 * garrison.yaml for the commands: find and load it, and apply its waivers to a report,
 * telling on standard error which waivers expired and which covered nothing.
 */
import type { Report } from '../core/report-schema.ts';
import type { GarrisonConfig } from './schema.ts';
import { applyWaivers } from './waivers.ts';

export { configFile } from './locate.ts';
export { loadConfig, parseConfig } from './load.ts';
export { vocabularyOf, type ConfigVocabulary, type GarrisonConfig, type Waiver } from './schema.ts';
export { applyWaivers, type WaiverOutcome } from './waivers.ts';

/** Today as YYYY-MM-DD (UTC), the day waivers are judged against. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** Applies the configuration's waivers and writes a line per expired or stale waiver to `warn`. */
export function waiveFindings(report: Report, config: GarrisonConfig, warn: (line: string) => void, day = today()): Report {
  const outcome = applyWaivers(report, config.waivers, day);
  for (const w of outcome.expired) warn(`garrison: ${w.source}: the waiver of ${w.rule} expired on ${w.expires}; its findings fail again (${w.reason})`);
  for (const w of outcome.stale) warn(`garrison: warning: ${w.source}: the waiver of ${w.rule} covers no failing finding; remove it if the problem is fixed (stale waiver)`);
  return outcome.report;
}
