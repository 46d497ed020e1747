import type { Rule } from '../core/rule.ts';
import type { Profile } from './types.ts';

/** Whether a rule looks at the audited host (probe rules check endpoints over the network). */
export const isHostRule = (rule: Rule): boolean => !rule.meta.family.startsWith('probe-');

/**
 * The default profile: every host rule garrison has, one item per rule family, for an
 * Internet-facing Debian, Ubuntu or RHEL-family server.
 */
export function baselineProfile(rules: readonly Rule[]): Profile {
  const families = [...new Set(rules.filter(isHostRule).map((r) => r.meta.family))];
  return {
    name: 'baseline',
    title: 'Every host rule, for an Internet-facing server',
    items: families.map((family) => ({
      id: family,
      section: family,
      text: `The ${family} rules.`,
      rules: rules.filter((r) => r.meta.family === family).map((r) => r.meta.id),
    })),
  };
}
