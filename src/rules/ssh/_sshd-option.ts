/**
 * The template of every SSH rule that judges sshd options: the rule says which keywords
 * it reads and how to judge their values; the template evaluates them for ordinary
 * connections and again for each Match block that sets one of them, and turns each
 * verdict into a failure whose evidence is the deciding lines (or the compiled-in default).
 * A Match block whose verdict only repeats what it inherits is not reported twice.
 */
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { defineRule, type MessageData, type Rule, type RuleContext, type RuleMeta } from '../../core/rule.ts';
import type { Severity } from '../../core/severity.ts';
import type { SshdFacts } from '../../facts/sshd.ts';
import type { MatchBlock, ResolvedValue } from '../../parsers/sshd/config.ts';

/** Connections an evaluation is about: ordinary ones (block null) or those of one Match block. */
export interface Scope {
  block: MatchBlock | null;
  /** A keyword's value for these connections. */
  get(keyword: string): ResolvedValue;
}

export interface Verdict<M extends string> {
  messageId: M;
  data?: MessageData;
  /** The values that decided the verdict: they become the evidence. */
  values: ResolvedValue[];
  severity?: Severity;
  /** Distinguishes several verdicts of one scope (e.g. the keyword). */
  key?: string;
}

export interface SshdRuleDefinition<M extends string> extends Omit<RuleMeta<M>, 'family'> {
  /** The keywords the judgement reads; Match blocks setting any of them are judged too. */
  keywords: readonly string[];
  judge(scope: Scope, ctx: RuleContext): Verdict<M> | Verdict<M>[] | null;
  /** Optional reason to skip the rule on this host (from a parameter). */
  skipWhen?(ctx: RuleContext): string | null;
}

/**
 * Whether a login can succeed with `method` and no public key: AuthenticationMethods
 * `any` (the default) allows every enabled method alone; otherwise some required list must
 * contain the method (or `method:submethod`) and no `publickey` step.
 */
export function withoutKey(scope: Scope, method: string): boolean {
  const am = scope.get('authenticationmethods');
  if (am.value === 'any' || am.value === '') return true;
  return am.values.some((list) => {
    const steps = list.split(',').map((m) => m.split(':')[0]);
    return steps.includes(method) && !steps.includes('publickey');
  });
}

/** The AuthenticationMethods line, as evidence, when the configuration sets one. */
export function methodsEvidence(scope: Scope): ResolvedValue[] {
  const am = scope.get('authenticationmethods');
  return am.source ? [am] : [];
}

export const NOT_INSTALLED = 'not applicable: /etc/ssh/sshd_config does not exist, the OpenSSH server is not installed';

/** "for every connection" or "for connections matching `Match User bob` (file:line)". */
function describeScope(block: MatchBlock | null): string {
  return block === null ? 'for ordinary connections' : `for connections matching "Match ${block.criteria}" (${block.source.file}:${block.source.line})`;
}

/** Evidence for a value: its line, or the main file when a compiled-in default applies. */
function valueEvidence(sshd: SshdFacts, v: ResolvedValue): Evidence[] {
  if (!v.source) return [fileEvidence(sshd.mainConfig, `${v.keyword} is not set anywhere: sshd's compiled-in default "${v.value}" applies`)];
  const out = [lineEvidence(v.source, `sets ${v.keyword}`)];
  if (v.block) out.push(lineEvidence(v.block.source, 'inside this Match block'));
  return out;
}

function scopesOf(sshd: SshdFacts, keywords: readonly string[]): (MatchBlock | null)[] {
  const blocks = new Map<number, MatchBlock>();
  for (const k of keywords) for (const v of sshd.effective(k)) if (v.scope === 'match' && v.block) blocks.set(v.block.index, v.block);
  return [null, ...[...blocks.values()].sort((a, b) => a.index - b.index)];
}

/** Defines an SSH rule from a judgement of sshd option values. */
export function sshdOptionRule<M extends string>(def: SshdRuleDefinition<M>): Rule {
  const { keywords, judge, skipWhen, ...meta } = def;
  return defineRule({
    ...meta,
    family: 'ssh',
    requires: ['sshd'],
    check({ sshd }, report, ctx) {
      if (!sshd.installed) return report.skip(NOT_INSTALLED);
      const reason = skipWhen?.(ctx);
      if (reason) return report.skip(reason);
      // Unreadable configuration: the fact's diagnostics make this an error.
      if (!sshd.config) return;
      for (const block of scopesOf(sshd, keywords)) {
        const scope: Scope = { block, get: (k) => sshd.valueIn(k, block)! };
        const found = judge(scope, ctx);
        for (const v of found === null ? [] : Array.isArray(found) ? found : [found]) {
          // A block that merely inherits the failing values is covered by the scope that sets them.
          if (block && !v.values.some((x) => x.block?.index === block.index)) continue;
          const evidence = v.values.flatMap((x) => valueEvidence(sshd, x));
          report.fail(v.messageId, {
            data: { scope: describeScope(block), ...v.data },
            evidence: dedupe(evidence),
            key: `${block ? `match:${block.source.file}:${block.criteria}` : 'global'}${v.key ? `:${v.key}` : ''}`,
            ...(v.severity ? { severity: v.severity } : {}),
          });
        }
      }
    },
  });
}

function dedupe(ev: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    const k = `${e.path}:${e.line ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
