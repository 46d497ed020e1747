/**
 * The zod schemas of probe records, for records that come from outside: a file written by
 * `--save-record` and read again with `--record`, or records handed in as an audit
 * parameter. Records a retriever just made are trusted as they are; this module (and zod)
 * loads only when records are read.
 *
 * The types are written once, in record-types.ts; the check at the end of this file fails
 * to compile when a schema and its type drift apart.
 */
import { z } from 'zod';
import {
  HTTP_STOP_REASONS,
  PG_AUTH_OUTCOMES,
  PROBE_ERROR_CODES,
  RECORD_FILE_VERSION,
  TLS_VERSIONS,
  WEAK_CIPHER_CLASSES,
  type CertificateInfo,
  type HttpRecord,
  type HttpResponse,
  type LdapRecord,
  type MysqlRecord,
  type PostgresRecord,
  type ProbeError,
  type ProbeRecord,
  type RecordFile,
  type RedisRecord,
  type SshRecord,
  type TlsRecord,
} from './record-types.ts';

export * from './record-types.ts';

export const ProbeErrorSchema = z.object({ code: z.enum(PROBE_ERROR_CODES), message: z.string() });

const base = {
  endpoint: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  retrievedAt: z.string(),
  durationMs: z.number().nonnegative(),
  error: ProbeErrorSchema.optional(),
};

export const CertificateSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string().describe('ISO 8601'),
  notAfter: z.string().describe('ISO 8601'),
  fingerprint256: z.string(),
  keyType: z.string(),
  keyBits: z.number().int().nonnegative().optional(),
  curve: z.string().optional(),
  signatureAlgorithm: z.string(),
  selfSigned: z.boolean(),
  subjectAltName: z.string().optional(),
});

export const TlsRecordSchema = z.object({
  kind: z.literal('tls'),
  ...base,
  serverName: z.string().optional(),
  protocols: z.array(
    z.object({
      version: z.enum(TLS_VERSIONS),
      accepted: z.boolean(),
      cipher: z.string().optional(),
      error: ProbeErrorSchema.optional(),
    }),
  ),
  weakCiphers: z.array(z.object({ version: z.enum(TLS_VERSIONS), cipher: z.string(), class: z.enum(WEAK_CIPHER_CLASSES) })),
  certificate: z
    .object({
      error: ProbeErrorSchema.optional(),
      protocol: z.string().optional(),
      cipher: z.string().optional(),
      chain: z.array(CertificateSchema),
      hostnameMatches: z.boolean(),
      hostnameError: z.string().optional(),
      trusted: z.boolean(),
      trustError: z.string().optional(),
      ocspStapled: z.boolean(),
    })
    .optional(),
});

export const HttpResponseSchema = z.object({
  url: z.string(),
  status: z.number().int(),
  headers: z.array(z.tuple([z.string(), z.string()])),
});

const HttpExchangeSchema = z.object({
  responses: z.array(HttpResponseSchema),
  stopped: z.object({ location: z.string(), reason: z.enum(HTTP_STOP_REASONS) }).optional(),
  error: ProbeErrorSchema.optional(),
});

export const HttpRecordSchema = z.object({
  kind: z.literal('http'),
  ...base,
  scheme: z.enum(['http', 'https']),
  implied: z.boolean().optional(),
  main: HttpExchangeSchema,
  login: HttpExchangeSchema.extend({ path: z.string() }).optional(),
});

const nameList = z.array(z.string());
const pair = z.object({ clientToServer: nameList, serverToClient: nameList });

export const SshRecordSchema = z.object({
  kind: z.literal('ssh'),
  ...base,
  banner: z.string().optional(),
  protocolVersion: z.string().optional(),
  software: z.string().optional(),
  algorithms: z.object({ kex: nameList, hostKey: nameList, ciphers: pair, macs: pair, compression: pair }).optional(),
  auth: z
    .object({
      methods: nameList,
      noneAccepted: z.boolean(),
      user: z.string(),
      error: ProbeErrorSchema.optional(),
    })
    .optional(),
});

export const PostgresRecordSchema = z.object({
  kind: z.literal('postgres'),
  ...base,
  sslResponse: z.enum(['S', 'N']).optional(),
  startups: z.array(
    z.object({
      transport: z.enum(['tls', 'plain']),
      outcome: z.enum(PG_AUTH_OUTCOMES),
      mechanisms: z.array(z.string()).optional(),
      errorCode: z.string().optional(),
      message: z.string().optional(),
      serverVersion: z.string().optional(),
      error: ProbeErrorSchema.optional(),
    }),
  ),
});

export const RedisRecordSchema = z.object({
  kind: z.literal('redis'),
  ...base,
  state: z.enum(['open', 'auth-required', 'protected-mode', 'other']).optional(),
  reply: z.string().optional(),
  version: z.string().optional(),
});

export const MysqlRecordSchema = z.object({
  kind: z.literal('mysql'),
  ...base,
  protocolVersion: z.number().int().optional(),
  serverVersion: z.string().optional(),
  capabilities: z.number().int().nonnegative().optional(),
  tlsOffered: z.boolean().optional(),
  authPlugin: z.string().optional(),
  refused: z.object({ code: z.number().int(), message: z.string() }).optional(),
});

const ldapResult = z.object({ resultCode: z.number().int(), diagnostic: z.string().optional() });

export const LdapRecordSchema = z.object({
  kind: z.literal('ldap'),
  ...base,
  tls: z.boolean(),
  anonymousBind: ldapResult.optional(),
  startTls: ldapResult.optional(),
});

export const ProbeRecordSchema = z.discriminatedUnion('kind', [
  TlsRecordSchema,
  HttpRecordSchema,
  SshRecordSchema,
  PostgresRecordSchema,
  RedisRecordSchema,
  MysqlRecordSchema,
  LdapRecordSchema,
]);

export const RecordFileSchema = z.object({
  garrisonProbeRecords: z.literal(RECORD_FILE_VERSION),
  records: z.array(ProbeRecordSchema),
});

/** Validates records read from a file or given as a parameter; throws a readable Error when invalid. */
export function parseRecords(value: unknown): ProbeRecord[] {
  const input = Array.isArray(value) ? { garrisonProbeRecords: RECORD_FILE_VERSION, records: value } : value;
  const res = RecordFileSchema.safeParse(input);
  if (res.success) return res.data.records;
  const issue = res.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new Error(`not a garrison probe record file${where}: ${issue?.message ?? 'invalid'}`);
}

/** Parses the text of a record file (JSON). */
export function loadRecords(text: string): ProbeRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not a garrison probe record file: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseRecords(json);
}

/** T with every intersection of object types flattened, at every depth. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
/** True when A and B are the same type (same properties, same optionality), not merely assignable. */
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
type Holds<T extends true> = T;

/** Compile-time proof that each schema describes exactly its type of record-types.ts. */
export type SchemasMatchTypes = [
  Holds<Same<z.infer<typeof ProbeErrorSchema>, ProbeError>>,
  Holds<Same<z.infer<typeof CertificateSchema>, CertificateInfo>>,
  Holds<Same<z.infer<typeof HttpResponseSchema>, HttpResponse>>,
  Holds<Same<z.infer<typeof TlsRecordSchema>, TlsRecord>>,
  Holds<Same<z.infer<typeof HttpRecordSchema>, HttpRecord>>,
  Holds<Same<z.infer<typeof SshRecordSchema>, SshRecord>>,
  Holds<Same<z.infer<typeof PostgresRecordSchema>, PostgresRecord>>,
  Holds<Same<z.infer<typeof RedisRecordSchema>, RedisRecord>>,
  Holds<Same<z.infer<typeof MysqlRecordSchema>, MysqlRecord>>,
  Holds<Same<z.infer<typeof LdapRecordSchema>, LdapRecord>>,
  Holds<Same<z.infer<typeof RecordFileSchema>, RecordFile>>,
];
