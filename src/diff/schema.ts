/**
 * The JSON output of `garrison diff`, defined once as zod schemas; the TypeScript types are
 * inferred from them.
 */
import { z } from 'zod';
import { EvidenceSchema, ReportErrorSchema, SeveritySchema, StatusSchema } from '../core/report-schema.ts';
import { SEVERITIES } from '../core/severity.ts';

/** Version of the diff output's shape; bumped on incompatible changes. */
export const DIFF_SCHEMA_VERSION = 1;

export const PresenceSchema = z
  .union([StatusSchema, z.literal('absent')])
  .describe('Status of the finding in one report, or `absent` when that report has no finding with this fingerprint.');

export const GoneReasonSchema = z
  .enum(['not-run', 'not-applicable', 'not-checked'])
  .describe('Why a failure is gone without being fixed: the rule did not run, it no longer applies (skip), or it could not be checked (error).');

export const DiffEntrySchema = z
  .object({
    fingerprint: z.string(),
    ruleId: z.string(),
    family: z.string(),
    severity: SeveritySchema.describe('Severity in the newer report, or in the older one when the finding is absent from the newer.'),
    title: z.string(),
    message: z.string(),
    evidence: z.array(EvidenceSchema),
    before: PresenceSchema,
    after: PresenceSchema,
    reason: GoneReasonSchema.optional(),
    waiver: z.object({ reason: z.string(), expires: z.string().optional() }).optional(),
  })
  .describe('One finding, matched across the two reports by fingerprint.');

export const ReportRefSchema = z.object({
  file: z.string(),
  kind: z.string(),
  hostname: z.string(),
  root: z.string(),
  startedAt: z.string(),
  profile: z.string().optional(),
  score: z.number(),
});

const countsBy = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int().nonnegative()])) as { [K in T[number]]: z.ZodNumber });

export const DiffSchema = z
  .object({
    diffVersion: z.literal(DIFF_SCHEMA_VERSION),
    before: ReportRefSchema,
    after: ReportRefSchema,
    warnings: z.array(z.string()).describe('Why the comparison may mislead: other target, other rule set, other profile.'),
    summary: z.object({
      newFailures: z.number().int().nonnegative(),
      fixed: z.number().int().nonnegative(),
      gone: z.number().int().nonnegative(),
      stillFailing: z.number().int().nonnegative(),
      waived: z.number().int().nonnegative(),
      errors: z.number().int().nonnegative(),
      newBySeverity: countsBy(SEVERITIES),
    }),
    newFailures: z.array(DiffEntrySchema).describe('Failing in the newer report, not failing in the older (absent, passing, waived, ...).'),
    fixed: z.array(DiffEntrySchema).describe('Failing in the older report; the rule ran in the newer one and no longer reports it.'),
    gone: z.array(DiffEntrySchema).describe('Failing in the older report; absent from the newer because the rule did not run, no longer applies or could not be checked.'),
    stillFailing: z.array(DiffEntrySchema),
    waived: z.array(DiffEntrySchema).describe('Waived in the newer report.'),
    errors: z.array(DiffEntrySchema).describe('Checks the newer report could not make (status error).'),
    runErrors: z.array(ReportErrorSchema).describe('Problems with the newer run itself.'),
  })
  .describe('What changed between two garrison reports.');

export type Presence = z.infer<typeof PresenceSchema>;
export type GoneReason = z.infer<typeof GoneReasonSchema>;
export type DiffEntry = z.infer<typeof DiffEntrySchema>;
export type ReportRef = z.infer<typeof ReportRefSchema>;
export type Diff = z.infer<typeof DiffSchema>;
