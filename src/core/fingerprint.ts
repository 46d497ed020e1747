import { createHash } from 'node:crypto';

/** Collapses white space so that re-indenting a line does not change its identity. */
export function normalizeForKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's stable identity: the rule, the target and a stable evidence key (path and
 * normalised offending text, or a key the rule chose), never line numbers.
 */
export function fingerprint(ruleId: string, targetId: string, evidenceKey: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${targetId}\u0000${evidenceKey}`).digest('hex').slice(0, 32);
}
