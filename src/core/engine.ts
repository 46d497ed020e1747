/**
 * The audit engine with garrison's full registries of rules and facts: what `audit`,
 * `rules` and the tests use. The engine itself lives in runner.ts.
 */
import { factCollectors } from '../facts/index.generated.ts';
import { rules as allRules } from '../rules/index.generated.ts';
import type { TargetInfo, Target } from '../target/target.ts';
import type { AuditOptions } from './options.ts';
import type { Report } from './report-schema.ts';
import type { Rule } from './rule.ts';
import { FactStore as BaseFactStore, runRules, selectRules as selectAmong, type FactCollectorMap } from './runner.ts';

export { evaluateRule, type FactCollectorMap } from './runner.ts';

/** A fact store over every fact garrison knows (or the collectors given). */
export class FactStore extends BaseFactStore {
  constructor(target: Target, info: TargetInfo, options: AuditOptions, collectors: FactCollectorMap = factCollectors) {
    super(target, info, options, collectors);
  }
}

/** The rules an audit runs among every rule garrison knows (or the rules given). */
export function selectRules(options: AuditOptions, rules: readonly Rule[] = allRules): Rule[] {
  return selectAmong(options, rules);
}

/** Audits a target with garrison's rules (or the rules and collectors given). */
export function runAudit(target: Target, options: AuditOptions, rules: readonly Rule[] = allRules, collectors: FactCollectorMap = factCollectors): Promise<Report> {
  return runRules(target, options, rules, collectors);
}
