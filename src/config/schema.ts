/**
 * The shape of garrison.yaml as zod schemas. The schema is built for the rules that exist,
 * so a misspelt rule id or parameter name is an error in the file, not a silent no-op.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../core/severity.ts';

/** What the configuration may refer to: the rule ids, parameter names and profiles that exist. */
export interface ConfigVocabulary {
  ruleIds: ReadonlySet<string>;
  paramNames: ReadonlySet<string>;
  /** Profile names, in the order `garrison profiles` lists them. */
  profileNames: ReadonlySet<string>;
}

/** A waiver as written in the file, with the line it starts on. */
export interface Waiver {
  rule: string;
  /** Exact path or shell glob (`*`, `?`, `[...]`, `**` for any number of directories) matched against evidence paths. */
  path?: string;
  /** Regular expression tested against the finding's message and its evidence snippets. */
  match?: string;
  reason: string;
  /** Last day (YYYY-MM-DD) the waiver holds. */
  expires?: string;
  /** Where the waiver is written, e.g. "garrison.yaml:12". */
  source: string;
}

/** The validated configuration. */
export interface GarrisonConfig {
  /** The file it was read from. */
  file: string;
  /** The profile `garrison audit` runs when --profile is not given. */
  profile?: string;
  params: Record<string, unknown>;
  severity: Record<string, Severity>;
  waivers: Waiver[];
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** The schema of the whole file for the given rules. */
export function configSchema(vocabulary: ConfigVocabulary) {
  const ruleId = z.string().refine((id) => vocabulary.ruleIds.has(id), { error: (iss) => `unknown rule "${String(iss.input)}": see \`garrison rules\`` });
  const waiver = z.strictObject({
    rule: ruleId,
    path: z.string().min(1, 'give a path or glob, or leave the key out').optional(),
    match: z
      .string()
      .min(1, 'give a regular expression, or leave the key out')
      .refine(compiles, { error: (iss) => `not a valid regular expression: ${String(iss.input)}` })
      .optional(),
    reason: z.string().trim().min(1, 'a waiver needs a reason: say why the finding is accepted'),
    expires: z
      .string()
      .refine(isCalendarDate, { error: (iss) => `expected a date written YYYY-MM-DD, got "${String(iss.input)}"` })
      .optional(),
  });
  const severity = z.record(z.string(), z.enum(SEVERITIES, { error: () => `expected one of ${SEVERITIES.join(', ')}` })).superRefine((map, ctx) => {
    for (const id of Object.keys(map)) if (!vocabulary.ruleIds.has(id)) ctx.addIssue({ code: 'custom', path: [id], message: `unknown rule "${id}": see \`garrison rules\`` });
  });
  const params = z.record(z.string(), z.unknown()).superRefine((map, ctx) => {
    for (const name of Object.keys(map)) if (!vocabulary.paramNames.has(name)) ctx.addIssue({ code: 'custom', path: [name], message: `unknown parameter "${name}": see \`garrison explain RULE\` for the parameters of a rule` });
  });
  const profile = z.string().refine((name) => vocabulary.profileNames.has(name), {
    error: (iss) => `unknown profile "${String(iss.input)}": use one of ${[...vocabulary.profileNames].join(', ')} (see \`garrison profiles\`)`,
  });
  return z.strictObject({
    profile: profile.optional(),
    params: params.optional(),
    severity: severity.optional(),
    waivers: z.array(waiver).optional(),
  });
}

/** The rule ids and parameter names of a rule list, and the names of the profiles. */
export function vocabularyOf(rules: readonly { meta: { id: string; params?: Record<string, unknown> } }[], profiles: readonly { name: string }[]): ConfigVocabulary {
  return {
    ruleIds: new Set(rules.map((r) => r.meta.id)),
    paramNames: new Set(rules.flatMap((r) => Object.keys(r.meta.params ?? {}))),
    profileNames: new Set(profiles.map((p) => p.name)),
  };
}
