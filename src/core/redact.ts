/**
 * Secrets never leave garrison: any value that is a password, hash, key or token is
 * replaced by a marker with at most a short fingerprint, so that two reports can still
 * tell whether the value changed without revealing it.
 */
import { createHash } from 'node:crypto';

/** A short, one-way fingerprint of a secret value (first 8 hex digits of SHA-256). */
export function secretFingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

export function redactValue(value: string): string {
  if (value === '') return '<empty>';
  return `<redacted sha256:${secretFingerprint(value)}>`;
}

/** Names that mark a value as secret (environment variables, YAML/INI keys, options). */
export const SECRET_NAME =
  /(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|secret[_-]?key|credential|auth[_-]?key|requirepass|masterauth|signing[_-]?key|encryption[_-]?key|client[_-]?secret|_key$|^key$)/i;

const PEM_PRIVATE = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?(-----END \1-----|$)/g;
// crypt(3) hashes: $1$, $2a$/$2b$/$2y$, $5$, $6$, $y$ (yescrypt), $gy$, $7$, and $argon2...
const CRYPT_HASH = /\$(?:1|2[abxy]?|5|6|7|y|gy|argon2(?:id|i|d)?|sha1|md5|pbkdf2[-\w]*)\$[^\s:'"]{4,}/g;
// key = value, key: value, KEY=value, where key looks secret; in configuration text also
// `key value` (requirepass foobared), which in prose would catch ordinary words.
const SECRET_KEY = String.raw`(?:[\w.-]*?)(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|requirepass|masterauth)(?:[\w.-]*)["']?`;
const ASSIGNMENT = new RegExp(String.raw`((?:^|[\s,{(;"'])${SECRET_KEY}\s*(?:=|:|\s)\s*)(["']?)([^\s"',;}]+)\2`, 'gi');
const ASSIGNMENT_PROSE = new RegExp(String.raw`((?:^|[\s,{(;"'])${SECRET_KEY}\s*(?:=|:)\s*)(["']?)([^\s"',;}]+)\2`, 'gi');
/** Names that contain a secret-looking word but configure behaviour, not a secret (nginx's proxy_pass names an upstream). */
const NOT_SECRET_KEY =
  /^(server_?tokens|nopass|(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass\w*|[\w.-]*(_encryption|_method|_methods|_file|_path|_dir|_length|_lifetime|_timeout|_policy|_min_length|_expire|_expiry|_hash|_algorithm|_authentication|authentication|_auth_type))$/i;
/** Values that name an algorithm or a mechanism rather than hold a secret. */
const ALGORITHM_VALUE = /^(md5|scram-sha-256|sha(1|224|256|384|512)|sha512crypt|bcrypt|yescrypt|argon2(id|i|d)?|pbkdf2|plain|crypt|des)$/i;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)(@)/gi;
const BEARER = /(\b(?:bearer|token)\s+)([A-Za-z0-9._~+/=-]{12,})/gi;

/**
 * Masks everything in a line of text that looks like a secret. Used on every snippet that
 * goes into a finding and again by every reporter as a safety net. `prose` is for messages
 * and notes: there `Key value` is a sentence, not an assignment.
 */
export function redactSecrets(text: string, options: { prose?: boolean } = {}): string {
  let out = text.replace(PEM_PRIVATE, (_m, kind: string) => `-----BEGIN ${kind}----- <redacted>`);
  out = out.replace(CRYPT_HASH, (m) => redactValue(m));
  out = out.replace(URL_CREDENTIALS, (_m, pre: string, secret: string, at: string) => `${pre}${redactValue(secret)}${at}`);
  out = out.replace(BEARER, (_m, pre: string, secret: string) => `${pre}${redactValue(secret)}`);
  out = out.replace(options.prose ? ASSIGNMENT_PROSE : ASSIGNMENT, (m, pre: string, quote: string, value: string) => {
    if (value.startsWith('<redacted') || value === '<empty>') return m;
    // sudoers tags (NOPASSWD:, PASSWD:) are not assignments.
    if (/(^|[\s,(:=])(NO)?PASSWD\s*:\s*$/i.test(pre)) return m;
    // Settings about secrets whose values are not secrets (ServerTokens OS,
    // password_encryption = md5, Redis ACL `nopass`), and algorithm names as values.
    const key = /([\w.-]+)["']?\s*[:=]?\s*$/.exec(pre)?.[1] ?? '';
    if (NOT_SECRET_KEY.test(key)) return m;
    if (ALGORITHM_VALUE.test(value)) return m;
    // Leave references to other places alone: variables, file paths, placeholders.
    if (/^(\$\{?|\/|<|%\(|\{\{)/.test(value)) return m;
    if (/^(yes|no|true|false|on|off|none|null|required|optional|prompt|\*)$/i.test(value)) return m;
    return `${pre}${quote}${redactValue(value)}${quote}`;
  });
  return out;
}
