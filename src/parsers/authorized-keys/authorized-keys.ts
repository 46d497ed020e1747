/**
 * authorized_keys (sshd(8), "AUTHORIZED_KEYS FILE FORMAT"): one public key per line,
 * `[options] keytype base64 [comment]`; options are comma-separated `name` or
 * `name="value"` (a quoted value may hold commas and blanks, `\"` escapes a quote).
 * Empty lines and lines starting with `#` are ignored. Like sshd, a key whose encoded
 * blob does not start with its declared type is refused.
 */
import { createHash } from 'node:crypto';
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface AuthorizedKeyOption {
  /** Lower case, as sshd compares them. */
  name: string;
  value: string | null;
}

export interface AuthorizedKey {
  options: AuthorizedKeyOption[];
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`, ... */
  type: string;
  /** As `ssh-keygen -l` prints it: `SHA256:` and unpadded base64. */
  fingerprint: string;
  comment: string;
  source: SourceLine;
}

export interface AuthorizedKeys {
  file: string;
  keys: AuthorizedKey[];
}

const KEY_TYPE = /^(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(256|384|521)|sk-(ecdsa-sha2-nistp256|ssh-ed25519)@openssh\.com|[a-z0-9-]+-cert-v01@openssh\.com|x509v3-[a-z0-9-]+)$/;

/** Splits `opt,opt="a,b",opt` into options; returns the rest of the line after the options. */
function readOptions(line: string): { options: AuthorizedKeyOption[]; rest: string } | null {
  const options: AuthorizedKeyOption[] = [];
  let i = 0;
  for (;;) {
    const m = /^[A-Za-z0-9_-]+/.exec(line.slice(i));
    if (!m) return null;
    const name = m[0].toLowerCase();
    i += m[0].length;
    let value: string | null = null;
    if (line[i] === '=') {
      if (line[i + 1] !== '"') return null;
      let v = '';
      let j = i + 2;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && line[j + 1] === '"') j++;
        v += line[j];
      }
      if (j >= line.length) return null;
      value = v;
      i = j + 1;
    }
    options.push({ name, value });
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line[i] === ' ' || line[i] === '\t') return { options, rest: line.slice(i).trim() };
    return null;
  }
}

/** The first length-prefixed string of an SSH wire-format blob, or null. */
function firstString(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const n = blob.readUInt32BE(0);
  if (n > blob.length - 4 || n > 256) return null;
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** SHA256 fingerprint of a public key blob, as OpenSSH prints it. */
export function keyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Parses an authorized_keys file. Never throws. */
export function parseAuthorizedKeys(text: string, file: string): ParseResult<AuthorizedKeys> {
  const keys: AuthorizedKey[] = [];
  const errors: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const err = (message: string) => errors.push({ file, line: i + 1, message });
    let options: AuthorizedKeyOption[] = [];
    let rest = line;
    if (!KEY_TYPE.test(line.split(/[ \t]/)[0]!)) {
      const parsed = readOptions(line);
      if (!parsed) return err('cannot read the key options');
      ({ options, rest } = parsed);
    }
    const [type = '', b64 = '', ...comment] = rest.split(/[ \t]+/);
    // The text is not echoed: a file linked to the wrong place could hold anything.
    if (!KEY_TYPE.test(type)) return err('not a public key line (unknown key type)');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return err(`${type} key: the key data is not base64`);
    const blob = Buffer.from(b64, 'base64');
    if (firstString(blob) !== type) return err(`${type} key: the key data does not match its type`);
    keys.push({ options, type, fingerprint: keyFingerprint(blob), comment: comment.join(' '), source: { file, line: i + 1, text: line } });
  });
  return { model: { file, keys }, errors };
}

/** The value of an option (`command`, `from`, ...), or undefined when the key lacks it. */
export function keyOption(key: AuthorizedKey, name: string): string | null | undefined {
  const o = key.options.find((x) => x.name === name);
  return o === undefined ? undefined : o.value;
}
