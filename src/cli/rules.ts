import pc from 'picocolors';
import { usageError } from '../core/errors.ts';
import { GUIDELINES } from '../core/guidelines.ts';
import type { RuleMeta } from '../core/rule.ts';
import { isSeverity, severityRank } from '../core/severity.ts';
import { profileRuleIds } from '../profiles/index.ts';
import { rules } from '../rules/index.generated.ts';
import { colorEnabled, terminalWidth } from './output.ts';
import { profileOrUsageError } from './profiles.ts';
import { wrap } from '../report/terminal.ts';

export interface RulesCliOptions {
  family?: string;
  severity?: string;
  profile?: string;
  format: string;
}

/** The rules `garrison rules` lists: all, or those of the families, the least severity and the profile given. */
export function selectRuleMetas(o: { family?: string; severity?: string; profile?: string }): RuleMeta[] {
  const families = o.family?.split(',').map((s) => s.trim()).filter(Boolean);
  if (o.severity !== undefined && o.severity !== 'none' && !isSeverity(o.severity)) throw usageError(`unknown --severity "${o.severity}": use info, low, medium, high or critical`);
  const min = o.severity && isSeverity(o.severity) ? severityRank(o.severity) : 0;
  const known = new Set(rules.map((r) => r.meta.family));
  for (const f of families ?? []) if (!known.has(f)) throw usageError(`unknown rule family "${f}" (families: ${[...known].join(', ')})`);
  const mapped = o.profile === undefined ? undefined : new Set(profileRuleIds(profileOrUsageError(o.profile)));
  return rules.map((r) => r.meta).filter((m) => (!families || families.includes(m.family)) && severityRank(m.severity) >= min && (!mapped || mapped.has(m.id)));
}

export function rulesCommand(o: RulesCliOptions): number {
  if (o.format !== 'terminal' && o.format !== 'json') throw usageError(`unknown --format "${o.format}": use terminal or json`);
  const metas = selectRuleMetas(o);
  if (o.format === 'json') {
    process.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
    return 0;
  }
  const c = pc.createColors(colorEnabled(true, process.stdout));
  let family = '';
  for (const m of metas) {
    if (m.family !== family) {
      family = m.family;
      process.stdout.write(`\n${c.bold(family)}\n`);
    }
    process.stdout.write(`  ${m.id.padEnd(40)} ${m.severity.padEnd(8)} ${m.title}\n`);
  }
  process.stdout.write(`\n${metas.length} rules${o.profile !== undefined ? ` in the profile ${o.profile}` : ''}. \`garrison explain RULE\` tells more about one.\n`);
  return 0;
}

export function explainText(id: string, color: boolean, width = terminalWidth()): string {
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) throw usageError(`unknown rule "${id}": \`garrison rules\` lists them`);
  const m = rule.meta;
  const c = pc.createColors(color);
  const out = [
    `${c.bold(m.title)} ${c.dim(`[${m.id}]`)}`,
    `family: ${m.family}   severity: ${m.severity}`,
    '',
    c.bold('Why it matters'),
    wrap(m.rationale, width, '  '),
  ];
  if (m.description) out.push('', c.bold('What is checked'), wrap(m.description, width, '  '));
  out.push('', c.bold('How to fix'), wrap(m.remediation, width, '  '));
  if (m.params && Object.keys(m.params).length > 0) {
    out.push('', c.bold('Parameters'));
    for (const [name, p] of Object.entries(m.params)) out.push(wrap(`${name} (default ${JSON.stringify(p.default)}): ${p.description}`, width, '  '));
  }
  out.push('', c.bold('References'));
  for (const r of m.references) {
    const doc = r.guideline ? GUIDELINES.find((g) => g.file === r.guideline) : undefined;
    out.push(`  ${r.guideline ? `${doc?.title ?? r.guideline} (${r.guideline}) § ${r.section ?? ''}` : `${r.title ?? ''} ${r.url ?? ''}`.trim()}`);
  }
  return `${out.join('\n')}\n`;
}
