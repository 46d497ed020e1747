/**
 * The registry of mechanical fixes: rule id → a pure function from a failing finding to the
 * actions that repair it (src/fix/actions.ts). Rules stay untouched; a rule absent here has
 * no safe mechanical fix. A fix returns either actions or the reason it cannot be applied
 * mechanically (for example a value set inside an sshd Match block, which a global drop-in
 * cannot override, or a secret the script would have to invent).
 */
import type { Finding } from '../core/report-schema.ts';
import type { Fix, FixResult } from './actions.ts';
import { DATABASE_FIXES } from './by-family/databases.ts';
import { FILE_FIXES } from './by-family/files.ts';
import { KERNEL_FIXES } from './by-family/kernel.ts';
import { LOGGING_FIXES } from './by-family/logging.ts';
import { SERVICE_FIXES } from './by-family/services.ts';
import { SSH_FIXES } from './by-family/ssh.ts';
import { UPDATE_FIXES } from './by-family/updates.ts';
import { WEB_FIXES } from './by-family/web.ts';

/** Rule id → fix. */
export const FIXES: ReadonlyMap<string, Fix> = new Map<string, Fix>([
  ...SSH_FIXES,
  ...KERNEL_FIXES,
  ...FILE_FIXES,
  ...LOGGING_FIXES,
  ...DATABASE_FIXES,
  ...UPDATE_FIXES,
  ...SERVICE_FIXES,
  ...WEB_FIXES,
]);

/** What the fix command does for one failing finding. */
export interface PlannedFix {
  finding: Finding;
  result: FixResult;
}

/** The fixes for the failing findings of a report that have one, in report order. */
export function planFixes(findings: readonly Finding[]): PlannedFix[] {
  const failing = findings.filter((f) => f.status === 'fail');
  const out: PlannedFix[] = [];
  for (const finding of failing) {
    const fix = FIXES.get(finding.ruleId);
    if (fix) out.push({ finding, result: fix(finding, { findings: failing }) });
  }
  return out;
}
