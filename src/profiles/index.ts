/**
 * The profiles garrison knows: `baseline` (the default) and one per guideline document.
 */
import type { Rule } from '../core/rule.ts';
import { rules as allRules } from '../rules/index.generated.ts';
import { baselineProfile, isHostRule } from './baseline.ts';
import { enmeshed } from './enmeshed.ts';
import { ewc } from './ewc.ts';
import { picasoft } from './picasoft.ts';
import { pouta } from './pouta.ts';
import { sre } from './sre.ts';
import type { Profile } from './types.ts';

export type { Profile, ProfileItem } from './types.ts';
export { automation, isAutomated } from './types.ts';

export const DEFAULT_PROFILE = 'baseline';

/** Every profile, baseline first, then the guideline documents in their order. */
export const PROFILES: readonly Profile[] = [baselineProfile(allRules), sre, pouta, ewc, enmeshed, picasoft];

/** The profile called `name`, if there is one. */
export const findProfile = (name: string): Profile | undefined => PROFILES.find((p) => p.name === name);

/** Every rule id a profile references, once each, in the order of its items. */
export function profileRuleIds(profile: Profile): string[] {
  return [...new Set(profile.items.flatMap((i) => i.rules ?? []))];
}

/** The rules `audit --profile` runs: the profile's host rules (probe rules run in `garrison probe`). */
export function profileHostRules(profile: Profile, rules: readonly Rule[] = allRules): Rule[] {
  const ids = new Set(profileRuleIds(profile));
  return rules.filter((r) => ids.has(r.meta.id) && isHostRule(r));
}

/** The rule parameters a profile sets (items later in the document win on a clash). */
export function profileParams(profile: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of profile.items) Object.assign(out, item.params);
  return out;
}
