/**
 * The template of the rules on weak algorithms: each effective list (after sshd has
 * applied `+`, `-` and `^` to its defaults) is searched for algorithms matching a pattern.
 */
import type { Rule, RuleMeta } from '../../core/rule.ts';
import { sshdOptionRule, type Scope, type Verdict } from './_sshd-option.ts';

export interface AlgorithmList {
  /** sshd keyword of the list. */
  keyword: string;
  /** Name shown in messages ("Ciphers"). */
  label: string;
  /** Only judged when this holds (e.g. GSSAPI key exchange enabled). */
  when?(scope: Scope): boolean;
}

export interface WeakAlgorithmsDefinition extends Omit<RuleMeta<'weakAlgorithms'>, 'family' | 'messages'> {
  lists: readonly AlgorithmList[];
  /** Algorithms considered weak. */
  weak: RegExp;
}

/** Defines a rule failing on weak algorithms in sshd's effective lists. */
export function weakAlgorithmsRule(def: WeakAlgorithmsDefinition): Rule {
  const { lists, weak, ...meta } = def;
  return sshdOptionRule({
    ...meta,
    messages: { weakAlgorithms: 'sshd offers weak {{list}} {{scope}}: {{weak}}{{origin}}.' },
    keywords: lists.map((l) => l.keyword),
    judge(scope) {
      const out: Verdict<'weakAlgorithms'>[] = [];
      for (const l of lists) {
        if (l.when && !l.when(scope)) continue;
        const v = scope.get(l.keyword);
        const found = v.values.filter((a) => weak.test(a));
        if (found.length === 0) continue;
        const origin = !v.source ? " (sshd's compiled-in default list)" : /^[+^]/.test(v.args[0] ?? '') ? ` (added to the defaults by "${v.args[0]}")` : '';
        out.push({ messageId: 'weakAlgorithms', data: { list: l.label, weak: found.join(', '), origin }, values: [v], key: l.keyword });
      }
      return out;
    },
  });
}
