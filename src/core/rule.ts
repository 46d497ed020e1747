/**
 * Rules only read facts. A rule lives in src/rules/<family>/<rule-id>.ts and
 * default-exports `defineRule(...)`; its id is its file name and its family the folder.
 * Metadata and message ids are typed (typescript-eslint's createRule is the model) and
 * tests assert which message fired.
 */
import type { Facts, FactName } from './fact.ts';
import type { AuditOptions } from './options.ts';
import type { Evidence, Reference } from './report-schema.ts';
import type { Severity } from './severity.ts';
import type { TargetInfo } from '../target/target.ts';

export type MessageData = Record<string, string | number>;

export interface RuleMeta<M extends string = string> {
  /** Equal to the file name (checked by tests). */
  id: string;
  /** Equal to the folder name (checked by tests). */
  family: string;
  title: string;
  severity: Severity;
  /** Why it matters, in garrison's own words. */
  rationale: string;
  /** What is checked exactly (for `garrison explain` and the rule docs). */
  description?: string;
  /** The exact fix. */
  remediation: string;
  /** The guideline file and section the rule comes from (at least one). */
  references: Reference[];
  /** Message templates, `{{name}}` filled from the data given to `fail`. */
  messages: Record<M, string>;
  /** Parameters the rule reads, with their defaults (documented). */
  params?: Record<string, { default: unknown; description: string }>;
  tags?: string[];
}

export interface ReportOptions {
  data?: MessageData;
  evidence?: Evidence[];
  /**
   * Stable key for the fingerprint when path + offending text do not identify the finding
   * (e.g. the user name for a per-account finding). Never include line numbers.
   */
  key?: string;
  /** A different severity for this one finding (e.g. worse when password login is on). */
  severity?: Severity;
}

export interface RuleReporter<M extends string> {
  fail(messageId: M, options?: ReportOptions): void;
  /** Records an explicit pass (optional: a rule that reports nothing passes). */
  pass(messageId?: M, options?: ReportOptions): void;
  /** Not applicable here (the service is not installed, the file does not exist). */
  skip(reason: string): void;
  /** Could not be checked. */
  error(message: string, options?: ReportOptions): void;
}

export interface RuleContext {
  readonly info: TargetInfo;
  readonly options: AuditOptions;
  /** A parameter value: the configured one, else the rule's declared default. */
  param<T>(name: string): T;
}

export type FactsFor<R extends FactName> = { [K in R]: Facts[K] };

export interface RuleDefinition<R extends FactName, M extends string> extends RuleMeta<M> {
  requires: readonly R[];
  check(facts: FactsFor<R>, report: RuleReporter<M>, ctx: RuleContext): void | Promise<void>;
}

/** A rule as the engine sees it (fact and message types erased). */
export interface Rule {
  meta: RuleMeta;
  requires: readonly FactName[];
  check(facts: Partial<Facts>, report: RuleReporter<string>, ctx: RuleContext): void | Promise<void>;
}

export function defineRule<const R extends FactName, M extends string>(def: RuleDefinition<R, M>): Rule {
  const { requires, check, ...meta } = def;
  return {
    meta: meta as RuleMeta,
    requires,
    check: check as Rule['check'],
  };
}

/** Fills `{{name}}` placeholders. Unknown names stay visible so a test catches them. */
export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in data ? String(data[name]) : m));
}
