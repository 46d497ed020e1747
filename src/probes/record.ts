/**
 * Probe records: what a retriever saw on the wire, as plain JSON. Retrieval and analysis
 * are separate (MDN's HTTP Observatory is the model): a retriever talks to a server and
 * returns a record, rules judge records. Records can be saved (`--save-record`) and judged
 * again offline, so they are defined once as zod schemas and validated when loaded.
 *
 * Records never hold a secret: cookie values are replaced by a fingerprint when retrieved.
 */
import { z } from 'zod';

export const RECORD_FILE_VERSION = 1;

/** Why a probe, or part of it, could not be made. */
export const ProbeErrorSchema = z.object({
  code: z.enum([
    'refused', // nothing listens (connection refused)
    'connect-timeout', // no TCP connection within the connect timeout
    'timeout', // connected, but no (complete) answer within the overall timeout
    'unreachable', // no route to the host or network
    'dns', // the host name does not resolve
    'reset', // the server reset the connection
    'closed', // the server closed the connection before answering in full
    'protocol', // the server does not speak the expected protocol (garbage, another protocol)
    'too-large', // the answer exceeded the size the probe is willing to read
    'tls', // the TLS handshake failed
    'other',
  ]),
  message: z.string(),
});
export type ProbeError = z.infer<typeof ProbeErrorSchema>;

const base = {
  /** The endpoint as a URL without path, e.g. "https://example.org:443". Used as evidence path. */
  endpoint: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  /** ISO 8601 time the retrieval started; time-dependent checks (expiry) judge against it. */
  retrievedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Set when the endpoint could not be probed at all. */
  error: ProbeErrorSchema.optional(),
};

export const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Cipher suite classes considered broken whatever the protocol version. */
export const WEAK_CIPHER_CLASSES = ['null', 'anon', 'export', 'des', 'rc4', '3des', 'idea'] as const;
export type WeakCipherClass = (typeof WEAK_CIPHER_CLASSES)[number];

export const CertificateSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string().describe('ISO 8601'),
  notAfter: z.string().describe('ISO 8601'),
  fingerprint256: z.string(),
  /** "rsa", "ec", "ed25519", "ed448", "dsa", "rsa-pss", or "unknown". */
  keyType: z.string(),
  keyBits: z.number().int().nonnegative().optional(),
  curve: z.string().optional(),
  /** e.g. "sha256WithRSAEncryption", or the dotted OID when unknown. */
  signatureAlgorithm: z.string(),
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: z.boolean(),
  subjectAltName: z.string().optional(),
});
export type CertificateInfo = z.infer<typeof CertificateSchema>;

export const TlsRecordSchema = z.object({
  kind: z.literal('tls'),
  ...base,
  /** Server name sent in SNI (absent when the host is an IP address). */
  serverName: z.string().optional(),
  protocols: z.array(
    z.object({
      version: z.enum(TLS_VERSIONS),
      accepted: z.boolean(),
      /** IANA name of the suite the server chose when offered our full list. */
      cipher: z.string().optional(),
      error: ProbeErrorSchema.optional(),
    }),
  ),
  /** Weak suites the server chose when offered nothing else, per accepted version. */
  weakCiphers: z.array(z.object({ version: z.enum(TLS_VERSIONS), cipher: z.string(), class: z.enum(WEAK_CIPHER_CLASSES) })),
  certificate: z
    .object({
      error: ProbeErrorSchema.optional(),
      /** Protocol and suite of the full handshake that fetched the chain. */
      protocol: z.string().optional(),
      cipher: z.string().optional(),
      /** Leaf first, as the server sent it. */
      chain: z.array(CertificateSchema),
      hostnameMatches: z.boolean(),
      hostnameError: z.string().optional(),
      /** Chain verifies against the probing machine's trust store. */
      trusted: z.boolean(),
      trustError: z.string().optional(),
      ocspStapled: z.boolean(),
    })
    .optional(),
});
export type TlsRecord = z.infer<typeof TlsRecordSchema>;

export const HttpResponseSchema = z.object({
  url: z.string(),
  status: z.number().int(),
  /** Header name (lower case) and value pairs in the order received; cookie values redacted. */
  headers: z.array(z.tuple([z.string(), z.string()])),
});
export type HttpResponse = z.infer<typeof HttpResponseSchema>;

const HttpExchangeSchema = z.object({
  /** Responses in order: the first, then same-host redirects followed. */
  responses: z.array(HttpResponseSchema),
  /** Why following redirects stopped before a final answer, when it did. */
  stopped: z.object({ location: z.string(), reason: z.enum(['other-host', 'plain-http', 'too-many-redirects']) }).optional(),
  error: ProbeErrorSchema.optional(),
});

export const HttpRecordSchema = z.object({
  kind: z.literal('http'),
  ...base,
  scheme: z.enum(['http', 'https']),
  /**
   * Plain HTTP probed on port 80 because an https:// URL on the default port was given;
   * nothing listening there then means "plain HTTP not offered", not an error.
   */
  implied: z.boolean().optional(),
  main: HttpExchangeSchema,
  /** The login page (`--login-path`), probed for the cookies it sets. */
  login: HttpExchangeSchema.extend({ path: z.string() }).optional(),
});
export type HttpRecord = z.infer<typeof HttpRecordSchema>;

const nameList = z.array(z.string());
const pair = z.object({ clientToServer: nameList, serverToClient: nameList });

export const SshRecordSchema = z.object({
  kind: z.literal('ssh'),
  ...base,
  /** The identification line, e.g. "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3". */
  banner: z.string().optional(),
  protocolVersion: z.string().optional(),
  software: z.string().optional(),
  algorithms: z
    .object({ kex: nameList, hostKey: nameList, ciphers: pair, macs: pair, compression: pair })
    .optional(),
  auth: z
    .object({
      /** Methods the server lists after a `none` request. */
      methods: nameList,
      /** The server let the `none` request in: no authentication at all. */
      noneAccepted: z.boolean(),
      /** The user name sent with the `none` request. */
      user: z.string(),
      error: ProbeErrorSchema.optional(),
    })
    .optional(),
});
export type SshRecord = z.infer<typeof SshRecordSchema>;

export const PG_AUTH_OUTCOMES = ['ok', 'cleartext', 'md5', 'sasl', 'gss', 'sspi', 'kerberos', 'rejected', 'unknown'] as const;

export const PostgresRecordSchema = z.object({
  kind: z.literal('postgres'),
  ...base,
  /** Answer to SSLRequest: "S" (TLS offered) or "N" (not offered). */
  sslResponse: z.enum(['S', 'N']).optional(),
  /** Outcome of a StartupMessage without password (user and database "postgres"), per transport. */
  startups: z.array(
    z.object({
      transport: z.enum(['tls', 'plain']),
      outcome: z.enum(PG_AUTH_OUTCOMES),
      /** SASL mechanisms offered (e.g. SCRAM-SHA-256). */
      mechanisms: z.array(z.string()).optional(),
      /** SQLSTATE and message of an ErrorResponse. */
      errorCode: z.string().optional(),
      message: z.string().optional(),
      serverVersion: z.string().optional(),
      error: ProbeErrorSchema.optional(),
    }),
  ),
});
export type PostgresRecord = z.infer<typeof PostgresRecordSchema>;

export const RedisRecordSchema = z.object({
  kind: z.literal('redis'),
  ...base,
  /** open: answered PING without AUTH; auth-required: NOAUTH; protected-mode: DENIED. */
  state: z.enum(['open', 'auth-required', 'protected-mode', 'other']).optional(),
  /** First line of the answer to PING (shortened). */
  reply: z.string().optional(),
  /** redis_version from INFO server (open servers only). */
  version: z.string().optional(),
});
export type RedisRecord = z.infer<typeof RedisRecordSchema>;

export const MysqlRecordSchema = z.object({
  kind: z.literal('mysql'),
  ...base,
  protocolVersion: z.number().int().optional(),
  serverVersion: z.string().optional(),
  /** Capability flags of the initial handshake (lower and upper 16 bits). */
  capabilities: z.number().int().nonnegative().optional(),
  tlsOffered: z.boolean().optional(),
  authPlugin: z.string().optional(),
  /** The server answered with an error packet instead of a handshake (e.g. host not allowed). */
  refused: z.object({ code: z.number().int(), message: z.string() }).optional(),
});
export type MysqlRecord = z.infer<typeof MysqlRecordSchema>;

const ldapResult = z.object({ resultCode: z.number().int(), diagnostic: z.string().optional() });

export const LdapRecordSchema = z.object({
  kind: z.literal('ldap'),
  ...base,
  /** The connection is LDAP over TLS (ldaps://). */
  tls: z.boolean(),
  /** Result of a simple bind with empty DN and empty password. */
  anonymousBind: ldapResult.optional(),
  /** Result of the StartTLS extended request (plain ldap:// only). */
  startTls: ldapResult.optional(),
});
export type LdapRecord = z.infer<typeof LdapRecordSchema>;

export const ProbeRecordSchema = z.discriminatedUnion('kind', [
  TlsRecordSchema,
  HttpRecordSchema,
  SshRecordSchema,
  PostgresRecordSchema,
  RedisRecordSchema,
  MysqlRecordSchema,
  LdapRecordSchema,
]);
export type ProbeRecord = z.infer<typeof ProbeRecordSchema>;
export type ProbeKind = ProbeRecord['kind'];
export type RecordOf<K extends ProbeKind> = Extract<ProbeRecord, { kind: K }>;

/** What --save-record writes and --record reads. */
export const RecordFileSchema = z.object({
  garrisonProbeRecords: z.literal(RECORD_FILE_VERSION),
  records: z.array(ProbeRecordSchema),
});
export type RecordFile = z.infer<typeof RecordFileSchema>;

/** Serialises records for --save-record. */
export function serializeRecords(records: readonly ProbeRecord[]): string {
  const file: RecordFile = { garrisonProbeRecords: RECORD_FILE_VERSION, records: [...records] };
  return `${JSON.stringify(file, null, 2)}\n`;
}

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
