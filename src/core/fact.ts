/**
 * Facts are what rules read: typed models of a host's configuration, collected once per
 * audit, lazily (only when a selected rule needs them), and shared by every rule.
 *
 * A fact lives in src/facts/<name>.ts and default-exports `defineFact(...)`. The registry
 * src/facts/index.generated.ts is generated from the folder (`npm run gen`).
 */
import type { ParseError } from '../parsers/types.ts';
import type { Target, TargetInfo } from '../target/target.ts';
import type { FactCollectors } from '../facts/index.generated.ts';
import type { AuditOptions } from './options.ts';

/** A problem met while collecting a fact: an unparseable line, an unreadable file. */
export interface Diagnostic {
  path: string;
  line?: number;
  message: string;
  snippet?: string;
}

export interface FactContext {
  readonly target: Target;
  readonly info: TargetInfo;
  readonly options: AuditOptions;
  /** Another fact (collected once, shared). */
  get<K extends FactName>(name: K): Promise<Facts[K]>;
  /** Records a problem that keeps the rules using this fact from a full verdict. */
  diagnostic(d: Diagnostic): void;
  /** Records every error a parser returned. */
  parseErrors(errors: readonly ParseError[]): void;
}

export interface FactDefinition<N extends string, T> {
  name: N;
  description: string;
  collect(ctx: FactContext): Promise<T>;
}

/**
 * Defines a fact. Give the value type explicitly (`defineFact<'sshd', SshdFacts>(...)` or
 * an annotated `collect`) so that facts may read one another without circular inference.
 */
export function defineFact<const N extends string, T>(def: FactDefinition<N, T>): FactDefinition<N, T> {
  return def;
}

export type Facts = {
  [K in keyof FactCollectors]: FactCollectors[K] extends FactDefinition<string, infer T> ? T : never;
};
export type FactName = keyof Facts & string;
