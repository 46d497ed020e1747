/**
 * The password field of passwd(5), shadow(5), group(5) and gshadow(5), reduced to what an
 * audit needs: whether a password can be typed to log in, and with which hash algorithm.
 * The field itself is a secret (a crypt(3) hash, sometimes even a clear-text mistake): it
 * is never kept, only its classification and a short one-way fingerprint.
 */
import { redactValue } from '../../core/redact.ts';

/** crypt(3) schemes as libxcrypt names them (crypt(5)). */
export type HashAlgorithm =
  | 'yescrypt'
  | 'gost-yescrypt'
  | 'scrypt'
  | 'bcrypt'
  | 'sha512crypt'
  | 'sha256crypt'
  | 'sha1crypt'
  | 'sunmd5'
  | 'md5crypt'
  | 'nthash'
  | 'bsdicrypt'
  | 'descrypt'
  | 'unknown';

export type PasswordField =
  /** Nothing: anyone may log in without typing a password (where PAM allows it, `nullok`). */
  | { state: 'empty' }
  /** `x` in passwd or group: the real field is in shadow or gshadow. */
  | { state: 'shadowed' }
  /** Starts with `!` (`passwd -l`, `usermod -L`): password login refused, a hash may remain behind it. */
  | { state: 'locked'; hashed: boolean }
  /** `*`, `!`-less markers or anything that no password can hash to: no password login. */
  | { state: 'disabled' }
  /** A crypt(3) hash: a password can be typed to log in. */
  | { state: 'hash'; algorithm: HashAlgorithm; redacted: string };

const CRYPT_ALPHABET = /^[./0-9A-Za-z]+$/;

/** Recognises the crypt(3) scheme of a hash by its prefix and shape, or null if it is none. */
export function hashAlgorithm(field: string): HashAlgorithm | null {
  if (field.startsWith('$y$')) return 'yescrypt';
  if (field.startsWith('$gy$')) return 'gost-yescrypt';
  if (field.startsWith('$7$')) return 'scrypt';
  if (/^\$2[abxy]\$/.test(field)) return 'bcrypt';
  if (field.startsWith('$6$')) return 'sha512crypt';
  if (field.startsWith('$5$')) return 'sha256crypt';
  if (field.startsWith('$sha1$')) return 'sha1crypt';
  if (/^\$md5[$,]/.test(field)) return 'sunmd5';
  if (field.startsWith('$1$')) return 'md5crypt';
  if (field.startsWith('$3$')) return 'nthash';
  if (field.length === 20 && field.startsWith('_') && CRYPT_ALPHABET.test(field.slice(1))) return 'bsdicrypt';
  if (field.length === 13 && CRYPT_ALPHABET.test(field)) return 'descrypt';
  // "$id$..." with an id this list does not know: a hash of some scheme all the same.
  if (/^\$[\w.,=-]+\$[^$:]*/.test(field)) return 'unknown';
  return null;
}

/**
 * Classifies a password field. In passwd and group (`inPasswd`), `x` points at the shadow
 * file (pam_unix also treats `##name` that way); in shadow files it is just not a hash.
 */
export function classifyPassword(field: string, inPasswd: boolean): PasswordField {
  if (field === '') return { state: 'empty' };
  if (inPasswd && (field === 'x' || field.startsWith('##'))) return { state: 'shadowed' };
  if (field.startsWith('!')) return { state: 'locked', hashed: hashAlgorithm(field.replace(/^!+/, '')) !== null };
  const algorithm = hashAlgorithm(field);
  if (algorithm === null) return { state: 'disabled' };
  return { state: 'hash', algorithm, redacted: redactValue(field) };
}

/**
 * How a password field may be shown: markers (`x`, `*`, `!`, `!!`, `!*`, empty) as they are,
 * anything else replaced by a redaction marker with a short fingerprint (a leading `!`
 * that locks an account stays visible).
 */
export function displayPasswordField(field: string): string {
  if (field === 'x' || /^!*\*?$/.test(field) || /^##[\w.-]*$/.test(field)) return field;
  const bang = /^!*/.exec(field)![0];
  return `${bang}${redactValue(field.slice(bang.length))}`;
}
