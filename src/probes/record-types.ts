/**
 * Probe records: what a retriever saw on the wire, as plain JSON. Retrieval and analysis
 * are separate (MDN's HTTP Observatory is the model): a retriever talks to a server and
 * returns a record, rules judge records. Records can be saved (`--save-record`) and judged
 * again offline.
 *
 * This module holds the shapes as plain types and constants, so that probing loads no
 * validation code. The zod schemas that check records read from outside (`--record`) are in
 * record.ts, which proves at compile time that they describe exactly these types.
 *
 * Records never hold a secret: cookie values are replaced by a fingerprint when retrieved.
 */

export const RECORD_FILE_VERSION = 1;

/** Why a probe, or part of it, could not be made. */
export const PROBE_ERROR_CODES = [
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
] as const;

/** Why a probe, or part of it, could not be made: a code and a sentence. */
export type ProbeError = {
  code: (typeof PROBE_ERROR_CODES)[number];
  message: string;
};

/** Fields every record has. */
type RecordBase = {
  /** The endpoint as a URL without path, e.g. "https://example.org:443". Used as evidence path. */
  endpoint: string;
  host: string;
  /** 1 to 65535. */
  port: number;
  /** ISO 8601 time the retrieval started; time-dependent checks (expiry) judge against it. */
  retrievedAt: string;
  durationMs: number;
  /** Set when the endpoint could not be probed at all. */
  error?: ProbeError;
};

export const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Cipher suite classes considered broken whatever the protocol version. */
export const WEAK_CIPHER_CLASSES = ['null', 'anon', 'export', 'des', 'rc4', '3des', 'idea'] as const;
export type WeakCipherClass = (typeof WEAK_CIPHER_CLASSES)[number];

export type CertificateInfo = {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  /** ISO 8601. */
  notAfter: string;
  fingerprint256: string;
  /** "rsa", "ec", "ed25519", "ed448", "dsa", "rsa-pss", or "unknown". */
  keyType: string;
  keyBits?: number;
  curve?: string;
  /** e.g. "sha256WithRSAEncryption", or the dotted OID when unknown. */
  signatureAlgorithm: string;
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
  subjectAltName?: string;
};

export type TlsRecord = RecordBase & {
  kind: 'tls';
  /** Server name sent in SNI (absent when the host is an IP address). */
  serverName?: string;
  protocols: {
    version: TlsVersion;
    accepted: boolean;
    /** IANA name of the suite the server chose when offered our full list. */
    cipher?: string;
    error?: ProbeError;
  }[];
  /** Weak suites the server chose when offered nothing else, per accepted version. */
  weakCiphers: { version: TlsVersion; cipher: string; class: WeakCipherClass }[];
  certificate?: {
    error?: ProbeError;
    /** Protocol and suite of the full handshake that fetched the chain. */
    protocol?: string;
    cipher?: string;
    /** Leaf first, as the server sent it. */
    chain: CertificateInfo[];
    hostnameMatches: boolean;
    hostnameError?: string;
    /** Chain verifies against the probing machine's trust store. */
    trusted: boolean;
    trustError?: string;
    ocspStapled: boolean;
  };
};

export type HttpResponse = {
  url: string;
  status: number;
  /** Header name (lower case) and value pairs in the order received; cookie values redacted. */
  headers: [string, string][];
};

/** Why following redirects stopped before a final answer. */
export const HTTP_STOP_REASONS = ['other-host', 'plain-http', 'too-many-redirects'] as const;

export type HttpExchange = {
  /** Responses in order: the first, then same-host redirects followed. */
  responses: HttpResponse[];
  /** Why following redirects stopped before a final answer, when it did. */
  stopped?: { location: string; reason: (typeof HTTP_STOP_REASONS)[number] };
  error?: ProbeError;
};

export type HttpRecord = RecordBase & {
  kind: 'http';
  scheme: 'http' | 'https';
  /**
   * Plain HTTP probed on port 80 because an https:// URL on the default port was given;
   * nothing listening there then means "plain HTTP not offered", not an error.
   */
  implied?: boolean;
  main: HttpExchange;
  /** The login page (`--login-path`), probed for the cookies it sets. */
  login?: HttpExchange & { path: string };
};

/** Algorithm names for each direction of an SSH connection. */
type DirectionPair = { clientToServer: string[]; serverToClient: string[] };

export type SshRecord = RecordBase & {
  kind: 'ssh';
  /** The identification line, e.g. "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3". */
  banner?: string;
  protocolVersion?: string;
  software?: string;
  algorithms?: { kex: string[]; hostKey: string[]; ciphers: DirectionPair; macs: DirectionPair; compression: DirectionPair };
  auth?: {
    /** Methods the server lists after a `none` request. */
    methods: string[];
    /** The server let the `none` request in: no authentication at all. */
    noneAccepted: boolean;
    /** The user name sent with the `none` request. */
    user: string;
    error?: ProbeError;
  };
};

export const PG_AUTH_OUTCOMES = ['ok', 'cleartext', 'md5', 'sasl', 'gss', 'sspi', 'kerberos', 'rejected', 'unknown'] as const;

export type PostgresRecord = RecordBase & {
  kind: 'postgres';
  /** Answer to SSLRequest: "S" (TLS offered) or "N" (not offered). */
  sslResponse?: 'S' | 'N';
  /** Outcome of a StartupMessage without password (user and database "postgres"), per transport. */
  startups: {
    transport: 'tls' | 'plain';
    outcome: (typeof PG_AUTH_OUTCOMES)[number];
    /** SASL mechanisms offered (e.g. SCRAM-SHA-256). */
    mechanisms?: string[];
    /** SQLSTATE and message of an ErrorResponse. */
    errorCode?: string;
    message?: string;
    serverVersion?: string;
    error?: ProbeError;
  }[];
};

export type RedisRecord = RecordBase & {
  kind: 'redis';
  /** open: answered PING without AUTH; auth-required: NOAUTH; protected-mode: DENIED. */
  state?: 'open' | 'auth-required' | 'protected-mode' | 'other';
  /** First line of the answer to PING (shortened). */
  reply?: string;
  /** redis_version from INFO server (open servers only). */
  version?: string;
};

export type MysqlRecord = RecordBase & {
  kind: 'mysql';
  protocolVersion?: number;
  serverVersion?: string;
  /** Capability flags of the initial handshake (lower and upper 16 bits). */
  capabilities?: number;
  tlsOffered?: boolean;
  authPlugin?: string;
  /** The server answered with an error packet instead of a handshake (e.g. host not allowed). */
  refused?: { code: number; message: string };
};

/** An LDAP result: code and diagnostic message. */
type LdapResult = { resultCode: number; diagnostic?: string };

export type LdapRecord = RecordBase & {
  kind: 'ldap';
  /** The connection is LDAP over TLS (ldaps://). */
  tls: boolean;
  /** Result of a simple bind with empty DN and empty password. */
  anonymousBind?: LdapResult;
  /** Result of the StartTLS extended request (plain ldap:// only). */
  startTls?: LdapResult;
};

export type ProbeRecord = TlsRecord | HttpRecord | SshRecord | PostgresRecord | RedisRecord | MysqlRecord | LdapRecord;
export type ProbeKind = ProbeRecord['kind'];
export type RecordOf<K extends ProbeKind> = Extract<ProbeRecord, { kind: K }>;

/** What --save-record writes and --record reads. */
export type RecordFile = {
  garrisonProbeRecords: typeof RECORD_FILE_VERSION;
  records: ProbeRecord[];
};

/** Serialises records for --save-record. */
export function serializeRecords(records: readonly ProbeRecord[]): string {
  const file: RecordFile = { garrisonProbeRecords: RECORD_FILE_VERSION, records: [...records] };
  return `${JSON.stringify(file, null, 2)}\n`;
}
