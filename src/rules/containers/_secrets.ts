/**
 * Decides whether an environment variable holds a secret written in clear: by its name
 * (PASSWORD, SECRET, TOKEN, API_KEY, ...) or, whatever the name, by a value that looks
 * random (long, high entropy) or a URL with a password. References are not secrets:
 * `${VAR}` interpolation, `*_FILE` variables pointing at a Docker secret, file paths,
 * booleans and placeholders.
 */
import { redactValue } from '../../core/redact.ts';
import type { SourceLine } from '../../parsers/types.ts';

/** Names that say "this is a secret". */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|(^|_)PASS$|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_?KEY|CREDENTIALS?|(^|_)PWD$|(^|_)KEY$|_KEY_BASE$|^KEY_)/i;
/** Names that look secret but hold a reference or a setting about secrets. */
const NOT_SECRET_NAME =
  /(_FILE|_PATH|_DIR|_FILENAME|KEYFILE|KEY_FILE|PUBLIC_?KEY|_PUB(LIC)?$|_ID$|_IDS$|_NAME$|_USER(NAME)?$|_LENGTH$|_LEN$|_SIZE$|_EXPIR(Y|ES|ATION)(_\w+)?$|_TTL$|_TIMEOUT$|_LIFETIME$|_ENABLED?$|_DISABLED?$|_ALGORITHM$|_ALG$|_TYPE$|_HEADER$|_URL$|_URI$|_HOST$|_PORT$|_POLICY$|_MIN(_\w+)?$|_MAX(_\w+)?$|_REQUIRED$|_RESET(_\w+)?$|_ROTATION(_\w+)?$|_HASH(ING)?(_\w+)?$|_METHOD$|_MODE$|_COMMAND$|_CMD$|_PROVIDER$|_STORE$|_BACKEND$|_FORMAT$|_ENCODING$)/i;
const BOOLEAN_OR_WORD = /^(yes|no|true|false|on|off|none|null|nil|empty|changeme|change_me|required|optional|random|\*+|x+)$/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:([^@\s/]+)@/i;

/** True when the value is resolved elsewhere (interpolation, a file, a placeholder). */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/\$\{?[A-Za-z_]/.test(v)) return true;
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('~/')) return true;
  if (/^<[^>]*>$|^\{\{.*\}\}$|^%\(.*\)s$/.test(v)) return true;
  return BOOLEAN_OR_WORD.test(v);
}

/** True when the variable name marks a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** Shannon entropy of a string in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * True for a value that looks like a generated secret: at least 20 characters with no
 * spaces, high entropy and a mix of character classes (or long hexadecimal), and not a
 * path, a URL, a host name, an image reference or a UUID.
 */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 20 || /\s/.test(v)) return false;
  if (/[/:@]/.test(v) && !/^[A-Za-z0-9+/=_-]+$/.test(v)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return false;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v)) return false;
  if (/^[0-9a-f]+$/i.test(v)) return v.length >= 32 && entropy(v) >= 3.3;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 3 && entropy(v) >= 4;
}

export type SecretKind = 'name' | 'entropy' | 'url';

/** Why a `name=value` pair is a clear-text secret, or null when it is not one. */
export function secretKind(name: string, value: string | null): SecretKind | null {
  if (value === null || isReference(value)) return null;
  if (URL_WITH_PASSWORD.test(value) && !isReference(URL_WITH_PASSWORD.exec(value)![1]!)) return 'url';
  if (/_FILE$/i.test(name)) return null;
  if (isSecretName(name)) {
    // Very short numbers are ports, counts or flags more often than secrets.
    if (/^\d{1,4}$/.test(value.trim())) return null;
    return 'name';
  }
  return looksRandom(value) ? 'entropy' : null;
}

/** A line of evidence that names the variable and replaces its value by a fingerprint. */
export function redactedLine(src: SourceLine, name: string, value: string): SourceLine {
  return { file: src.file, line: src.line, text: `${name}=${redactValue(value)}` };
}
