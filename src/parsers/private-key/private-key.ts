/**
 * Recognises private keys in a text file and tells whether each is protected by a
 * passphrase, without keeping any key material:
 * - OpenSSH's own format (`-----BEGIN OPENSSH PRIVATE KEY-----`): the base64 body starts
 *   with `openssh-key-v1\0`, then the cipher name (`none`: no passphrase), the KDF name
 *   and options, the number of keys and the first public key, whose type is read;
 * - PEM (RFC 7468): `RSA PRIVATE KEY` (PKCS#1), `EC PRIVATE KEY` (SEC 1), `DSA PRIVATE
 *   KEY`, encrypted when their headers say `Proc-Type: 4,ENCRYPTED`; `PRIVATE KEY`
 *   (PKCS#8, clear) and `ENCRYPTED PRIVATE KEY` (PKCS#8, encrypted);
 * - PuTTY's `.ppk` (`PuTTY-User-Key-File-2/3:` with an `Encryption:` header).
 * A file may hold several blocks (a certificate and its key): each private key is listed.
 */
import type { ParseError, ParseResult } from '../types.ts';
import { splitLines } from '../types.ts';

export interface PrivateKeyBlock {
  format: 'openssh' | 'pem' | 'putty';
  /** PEM label (`RSA PRIVATE KEY`), `OPENSSH PRIVATE KEY` or the PuTTY header name. */
  label: string;
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `rsa`, `ec`, `dsa`, `ed25519`, ... or null if unknown. */
  algorithm: string | null;
  /** Protected by a passphrase; null when the block could not be decoded. */
  encrypted: boolean | null;
  /** The cipher the file names (`none`, `aes256-ctr`, `AES-128-CBC`), when it names one. */
  cipher: string | null;
  /** 1-based line where the block begins. */
  line: number;
}

export interface PrivateKeys {
  file: string;
  keys: PrivateKeyBlock[];
}

const BEGIN = /^-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY)-----\s*$/;
const MAGIC = 'openssh-key-v1\0';

/** PKCS#8 AlgorithmIdentifier OIDs, DER-encoded, of the usual key types. */
const PKCS8_OIDS: [string, string][] = [
  ['06092a864886f70d010101', 'rsa'],
  ['06092a864886f70d01010a', 'rsa-pss'],
  ['06072a8648ce3d0201', 'ec'],
  ['06072a8648ce380401', 'dsa'],
  ['06032b6570', 'ed25519'],
  ['06032b6571', 'ed448'],
  ['06032b656e', 'x25519'],
  ['06032b656f', 'x448'],
];

/** Reads the SSH wire-format string at `pos`; null if it runs past the end. */
function sshString(buf: Buffer, pos: number): { value: Buffer; next: number } | null {
  if (pos + 4 > buf.length) return null;
  const n = buf.readUInt32BE(pos);
  if (n > buf.length - pos - 4) return null;
  return { value: buf.subarray(pos + 4, pos + 4 + n), next: pos + 4 + n };
}

/** The header of an openssh-key-v1 blob: cipher and first key type. */
export function readOpensshHeader(body: Buffer): { cipher: string; kdf: string; algorithm: string | null } | null {
  if (body.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return null;
  const cipher = sshString(body, MAGIC.length);
  const kdf = cipher && sshString(body, cipher.next);
  const kdfOptions = kdf && sshString(body, kdf.next);
  if (!cipher || !kdf || !kdfOptions || kdfOptions.next + 4 > body.length) return null;
  const count = body.readUInt32BE(kdfOptions.next);
  const pub = count > 0 ? sshString(body, kdfOptions.next + 4) : null;
  const type = pub ? sshString(pub.value, 0) : null;
  return { cipher: cipher.value.toString('latin1'), kdf: kdf.value.toString('latin1'), algorithm: type ? type.value.toString('latin1') : null };
}

function base64Body(lines: readonly string[]): Buffer | null {
  const b64 = lines.join('').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length === 0) return null;
  return Buffer.from(b64, 'base64');
}

function pkcs8Algorithm(der: Buffer): string | null {
  const head = der.subarray(0, 40).toString('hex');
  return PKCS8_OIDS.find(([oid]) => head.includes(oid))?.[1] ?? null;
}

/** Finds the private keys in a text file. Never throws. */
export function parsePrivateKeys(text: string, file: string): ParseResult<PrivateKeys> {
  const keys: PrivateKeyBlock[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const putty = /^PuTTY-User-Key-File-(\d+):\s*(\S+)/.exec(line);
    if (putty) {
      const enc = lines.slice(i + 1, i + 4).map((l) => /^Encryption:\s*(\S+)/.exec(l.trim())).find(Boolean);
      const cipher = enc ? enc[1]! : null;
      keys.push({ format: 'putty', label: `PuTTY-User-Key-File-${putty[1]}`, algorithm: putty[2]!, encrypted: cipher === null ? null : cipher !== 'none', cipher, line: i + 1 });
      continue;
    }
    const begin = BEGIN.exec(line);
    if (!begin) continue;
    const label = begin[1]!;
    const start = i + 1;
    const end = lines.findIndex((l, j) => j > i && l.trim() === `-----END ${label}-----`);
    if (end < 0) {
      errors.push({ file, line: start, message: `${label} block is not terminated` });
      keys.push({ format: label === 'OPENSSH PRIVATE KEY' ? 'openssh' : 'pem', label, algorithm: null, encrypted: null, cipher: null, line: start });
      break;
    }
    const inner = lines.slice(i + 1, end).map((l) => l.trim());
    i = end;
    if (label === 'OPENSSH PRIVATE KEY') {
      const body = base64Body(inner);
      const header = body && readOpensshHeader(body);
      if (!header) {
        errors.push({ file, line: start, message: 'OPENSSH PRIVATE KEY block cannot be decoded' });
        keys.push({ format: 'openssh', label, algorithm: null, encrypted: null, cipher: null, line: start });
      } else {
        keys.push({ format: 'openssh', label, algorithm: header.algorithm, encrypted: header.cipher !== 'none', cipher: header.cipher, line: start });
      }
      continue;
    }
    // RFC 1421 headers ("Name: value") come first, then a blank line, then the base64 body.
    const headers = new Map<string, string>();
    let k = 0;
    for (; k < inner.length && /^[A-Za-z-]+:/.test(inner[k]!); k++) {
      const [name, ...value] = inner[k]!.split(':');
      headers.set(name!.toLowerCase(), value.join(':').trim());
    }
    const procType = headers.get('proc-type') ?? '';
    const dek = headers.get('dek-info');
    const kind = label.split(' ')[0]!;
    if (label === 'ENCRYPTED PRIVATE KEY') {
      keys.push({ format: 'pem', label, algorithm: null, encrypted: true, cipher: null, line: start });
    } else if (label === 'PRIVATE KEY') {
      const der = base64Body(inner.slice(k));
      keys.push({ format: 'pem', label, algorithm: der ? pkcs8Algorithm(der) : null, encrypted: false, cipher: null, line: start });
    } else {
      const encrypted = /\bENCRYPTED\b/i.test(procType);
      keys.push({ format: 'pem', label, algorithm: kind.toLowerCase(), encrypted, cipher: encrypted ? (dek?.split(',')[0] ?? null) : null, line: start });
    }
  }
  return { model: { file, keys }, errors };
}
