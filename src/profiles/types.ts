/**
 * Profiles: one guideline document's recommendations, in the document's order, each either
 * verified by garrison rules (with the parameters the document asks for) or marked manual
 * with the reason a program cannot check it. An item with an empty rule list is checkable
 * in principle but not verified by garrison yet; it counts against the coverage.
 */

interface ItemBase {
  /** Stable id, unique within the profile. */
  id: string;
  /** The recommendation in garrison's words (the document is cited, not copied). */
  text: string;
  /** The heading of the document's section, exactly as written there. */
  section: string;
}

/** A recommendation that rules verify (an empty list: checkable but not automated). */
export interface AutomatedItem extends ItemBase {
  rules: readonly string[];
  /** Rule parameters this recommendation sets (e.g. the ports the document allows). */
  params?: Readonly<Record<string, unknown>>;
  manual?: never;
}

/** A recommendation no program can check, with the reason. */
export interface ManualItem extends ItemBase {
  manual: string;
  rules?: never;
  params?: never;
}

export type ProfileItem = AutomatedItem | ManualItem;

export interface Profile {
  /** The name given to --profile. */
  name: string;
  title: string;
  /** The guideline document (file name in the shared guidelines folder); none for baseline. */
  guideline?: string;
  items: readonly ProfileItem[];
}

/** Whether rules verify the item. */
export const isAutomated = (item: ProfileItem): boolean => item.manual === undefined && item.rules.length > 0;

export interface Automation {
  items: number;
  manual: number;
  automated: number;
  /** automated / items. */
  share: number;
  /** automated / (items - manual). */
  checkableShare: number;
}

/** How much of a profile garrison verifies automatically. */
export function automation(profile: Profile): Automation {
  const items = profile.items.length;
  const manual = profile.items.filter((i) => i.manual !== undefined).length;
  const automated = profile.items.filter(isAutomated).length;
  return {
    items,
    manual,
    automated,
    share: items === 0 ? 0 : automated / items,
    checkableShare: items - manual === 0 ? 0 : automated / (items - manual),
  };
}
