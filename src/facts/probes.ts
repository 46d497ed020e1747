/**
 * Probe records handed to the probe rules. A probe run (`garrison probe`) retrieves records
 * from network endpoints, or reads them from a file, and passes them in the audit options
 * (`params.probeRecords`); this fact validates them. A host audit has none.
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
