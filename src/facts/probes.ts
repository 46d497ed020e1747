/**
 * Probe records judged by the probe-* rules. `garrison probe` hands the records it
 * retrieved (or loaded and checked with --record) straight to these rules
 * (src/probes/analyse.ts); this registered fact serves a host audit that selects probe
 * rules explicitly, where records can only come as the `probeRecords` parameter, checked
 * here against the record schemas. Without records the probe rules do not apply.
 */
import { defineFact } from '../core/fact.ts';
import type { ProbeRecord } from '../probes/record.ts';

/** Name of the audit parameter that carries the records. */
export const PROBE_RECORDS_PARAM = 'probeRecords';

export default defineFact<'probes', ProbeRecord[]>({
  name: 'probes',
  description: 'Records of network probes (TLS, HTTP, SSH, databases) to be judged by the probe-* rule families.',
  async collect(ctx) {
    const value = ctx.options.params[PROBE_RECORDS_PARAM];
    if (value === undefined) return [];
    // The record schemas load only when there are records to judge.
    const { parseRecords } = await import('../probes/record.ts');
    return parseRecords(value);
  },
});
