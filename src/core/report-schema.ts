/**
 * The JSON report, defined once as zod schemas. The TypeScript types below are inferred
 * from them and docs/report.schema.json is generated from them (scripts/gen-schema.ts), so
 * the code, the documentation and the validation cannot drift apart.
 */
import { z } from 'zod';
import { SEVERITIES, STATUSES } from './severity.ts';

import { REPORT_SCHEMA_VERSION } from './report-version.ts';

export { REPORT_SCHEMA_VERSION };

export const SeveritySchema = z.enum(SEVERITIES).describe('How much a failure of the check matters.');
export const StatusSchema = z
  .enum(STATUSES)
  .describe('fail: departure from the guideline; pass: checked and fine; error: could not be checked; skip: not applicable; waived: a failure accepted by a waiver.');

export const EvidenceSchema = z
  .object({
    path: z.string().optional().describe('Path as seen inside the target, or an endpoint for probes.'),
    line: z.number().int().positive().optional().describe('1-based line number in the file.'),
    snippet: z.string().optional().describe('The offending text, with secrets redacted.'),
    note: z.string().optional().describe('A short explanation of this piece of evidence.'),
  })
  .describe('Where the problem was seen.');

export const ReferenceSchema = z
  .object({
    guideline: z.string().optional().describe('File name of the guideline document under shared/guidelines.'),
    section: z.string().optional().describe('Section heading in that document.'),
    url: z.string().optional(),
    title: z.string().optional(),
  })
  .describe('Where the requirement comes from.');

export const FindingSchema = z.object({
  ruleId: z.string(),
  family: z.string().describe('Rule family (ssh, accounts, keys, filesystem, kernel, partitions, ...).'),
  status: StatusSchema,
  severity: SeveritySchema,
  title: z.string(),
  messageId: z.string().optional().describe('Identifier of the message template that produced `message`.'),
  message: z.string(),
  evidence: z.array(EvidenceSchema),
  rationale: z.string(),
  remediation: z.string(),
  references: z.array(ReferenceSchema),
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .describe('Stable identity: rule, target and evidence key, never line numbers.'),
  waiver: z.object({ reason: z.string(), expires: z.string().optional() }).optional(),
});

export const ReportErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    path: z.string().optional(),
  })
  .describe('A problem with the run itself, not tied to one rule.');

const countsBy = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int().nonnegative()])) as { [K in T[number]]: z.ZodNumber });

export const SummarySchema = z.object({
  total: z.number().int().nonnegative(),
  byStatus: countsBy(STATUSES),
  failingBySeverity: countsBy(SEVERITIES),
  score: z
    .number()
    .min(0)
    .max(100)
    .describe('100 × weight of passing checks ÷ weight of passing and failing checks (critical 10, high 6, medium 3, low 1).'),
});

export const OsReleaseSchema = z.object({
  id: z.string(),
  idLike: z.array(z.string()),
  versionId: z.string(),
  prettyName: z.string(),
});

export const ReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('garrison'), version: z.string() }),
    target: z.object({
      kind: z.enum(['root-dir', 'local-host', 'ssh', 'network']),
      root: z.string(),
      hostname: z.string(),
      os: OsReleaseSchema.nullable(),
    }),
    profile: z.string().optional(),
    startedAt: z.string().describe('ISO 8601 time the run started.'),
    durationMs: z.number().nonnegative(),
    summary: SummarySchema,
    findings: z.array(FindingSchema),
    errors: z.array(ReportErrorSchema),
  })
  .describe('A garrison report.');

export type Evidence = z.infer<typeof EvidenceSchema>;
export type Reference = z.infer<typeof ReferenceSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type Report = z.infer<typeof ReportSchema>;
export type ReportError = z.infer<typeof ReportErrorSchema>;
