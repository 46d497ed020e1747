/**
 * pam_limits configuration: /etc/security/limits.conf, then /etc/security/limits.d/*.conf
 * in C-locale order, as if concatenated (pam_limits(8)).
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseLimits, type LimitEntry } from '../parsers/limits/limits.ts';

export const LIMITS_CONF = '/etc/security/limits.conf';
export const LIMITS_DIR = '/etc/security/limits.d';

export interface LimitsFacts {
  /** Files read, in order. */
  files: string[];
  /** Every entry in the order pam_limits reads them. */
  entries: LimitEntry[];
}

async function collect(ctx: FactContext): Promise<LimitsFacts> {
  const { target } = ctx;
  const paths = [LIMITS_CONF, ...(await target.glob(`${LIMITS_DIR}/*.conf`))];
  const files: string[] = [];
  const entries: LimitEntry[] = [];
  for (const r of await target.readFiles(paths)) {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseLimits(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    files.push(r.path);
    entries.push(...parsed.model.entries);
  }
  return { files, entries };
}

export default defineFact<'limits', LimitsFacts>({
  name: 'limits',
  description: 'Resource limits from /etc/security/limits.conf and limits.d, in the order pam_limits applies them.',
  collect,
});
