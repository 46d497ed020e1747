/**
 * Evaluates an OpenSSL cipher string (nginx `ssl_ciphers`, Apache `SSLCipherSuite`) the way
 * SSL_CTX_set_cipher_list() does, over a table of known TLS 1.2-and-older suites: items
 * separated by `:`, `,` or blanks; `X` adds, `-X` removes, `!X` removes for good, `+X`
 * reorders; `A+B` is the intersection; aliases (HIGH, aNULL, kEDH, 3DES, ...) as in
 * OpenSSL 1.1+. Answers which selected suites are weak.
 */
import { CIPHER_TABLE } from './_cipher-table.ts';

export interface Cipher {
  name: string;
  kx: string;
  au: string;
  enc: string;
  bits: number;
  mac: string;
  export: boolean;
}

export const CIPHERS: readonly Cipher[] = CIPHER_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [name, kx, au, encBits, mac, exp] = line.trim().split(/\s+/) as [string, string, string, string, string, string?];
    const m = /^(.*)\((\d+)\)$/.exec(encBits);
    return { name, kx, au, enc: m ? m[1]! : encBits, bits: m ? Number(m[2]) : 0, mac, export: exp === 'export' };
  });

const enc = (...names: string[]) => (c: Cipher) => names.includes(c.enc);
const isNullEnc = (c: Cipher) => c.enc === 'None';
const isNullAuth = (c: Cipher) => c.au === 'None';
const isDhKx = (c: Cipher) => c.kx === 'DH';
const isEcdhKx = (c: Cipher) => c.kx === 'ECDH';
const isPsk = (c: Cipher) => c.au === 'PSK' || /PSK/.test(c.kx);
/** OpenSSL 1.1+ strength classes. */
const isMedium = (c: Cipher) => !c.export && ['3DES', 'RC4', 'SEED', 'IDEA'].includes(c.enc);
const isLow = (c: Cipher) => !c.export && c.enc === 'DES';
const isHigh = (c: Cipher) => !c.export && !isNullEnc(c) && !isMedium(c) && !isLow(c) && c.enc !== 'RC2';
const isTls12Only = (c: Cipher) => c.mac === 'AEAD' || c.mac === 'SHA256' || c.mac === 'SHA384';

const ALIASES: Record<string, (c: Cipher) => boolean> = {
  ALL: (c) => !isNullEnc(c),
  COMPLEMENTOFALL: isNullEnc,
  DEFAULT: (c) => !isNullEnc(c) && !isNullAuth(c) && isHigh(c),
  COMPLEMENTOFDEFAULT: (c) => isNullAuth(c) && !isNullEnc(c),
  HIGH: isHigh,
  MEDIUM: isMedium,
  LOW: isLow,
  EXPORT: (c) => c.export,
  EXP: (c) => c.export,
  EXPORT40: (c) => c.export && c.bits === 40,
  EXPORT56: (c) => c.export && c.bits === 56,
  eNULL: isNullEnc,
  NULL: isNullEnc,
  aNULL: isNullAuth,
  kRSA: (c) => c.kx === 'RSA',
  RSA: (c) => c.kx === 'RSA',
  aRSA: (c) => c.au === 'RSA',
  kDHE: isDhKx,
  kEDH: isDhKx,
  DH: isDhKx,
  DHE: (c) => isDhKx(c) && !isNullAuth(c),
  EDH: (c) => isDhKx(c) && !isNullAuth(c),
  ADH: (c) => isDhKx(c) && isNullAuth(c),
  kECDHE: isEcdhKx,
  kEECDH: isEcdhKx,
  ECDH: isEcdhKx,
  ECDHE: (c) => isEcdhKx(c) && !isNullAuth(c),
  EECDH: (c) => isEcdhKx(c) && !isNullAuth(c),
  AECDH: (c) => isEcdhKx(c) && isNullAuth(c),
  aDSS: (c) => c.au === 'DSS',
  DSS: (c) => c.au === 'DSS',
  aECDSA: (c) => c.au === 'ECDSA',
  ECDSA: (c) => c.au === 'ECDSA',
  PSK: isPsk,
  kPSK: (c) => c.kx === 'PSK',
  aPSK: (c) => c.au === 'PSK',
  kRSAPSK: (c) => c.kx === 'RSAPSK',
  kDHEPSK: (c) => c.kx === 'DHEPSK',
  kECDHEPSK: (c) => c.kx === 'ECDHEPSK',
  SRP: (c) => c.kx === 'SRP',
  kSRP: (c) => c.kx === 'SRP',
  aSRP: (c) => c.au === 'SRP',
  AES: enc('AES', 'AESGCM', 'AESCCM', 'AESCCM8'),
  AES128: (c) => enc('AES', 'AESGCM', 'AESCCM', 'AESCCM8')(c) && c.bits === 128,
  AES256: (c) => enc('AES', 'AESGCM', 'AESCCM', 'AESCCM8')(c) && c.bits === 256,
  AESGCM: enc('AESGCM'),
  AESCCM: enc('AESCCM', 'AESCCM8'),
  AESCCM8: enc('AESCCM8'),
  CAMELLIA: enc('Camellia'),
  CAMELLIA128: (c) => c.enc === 'Camellia' && c.bits === 128,
  CAMELLIA256: (c) => c.enc === 'Camellia' && c.bits === 256,
  ARIA: enc('ARIAGCM'),
  ARIAGCM: enc('ARIAGCM'),
  ARIA128: (c) => c.enc === 'ARIAGCM' && c.bits === 128,
  ARIA256: (c) => c.enc === 'ARIAGCM' && c.bits === 256,
  CHACHA20: enc('CHACHA20/POLY1305'),
  '3DES': enc('3DES'),
  DES: enc('DES'),
  RC4: enc('RC4'),
  RC2: enc('RC2'),
  IDEA: enc('IDEA'),
  SEED: enc('SEED'),
  MD5: (c) => c.mac === 'MD5',
  SHA1: (c) => c.mac === 'SHA1',
  SHA: (c) => c.mac === 'SHA1',
  SHA256: (c) => c.mac === 'SHA256',
  SHA384: (c) => c.mac === 'SHA384',
  AEAD: (c) => c.mac === 'AEAD',
  'TLSv1.2': isTls12Only,
  TLSv1: (c) => !isTls12Only(c),
  'TLSv1.0': (c) => !isTls12Only(c),
  SSLv3: (c) => !isTls12Only(c),
};

/** The suites an item ("ECDHE-RSA-AES128-SHA", "kEDH+AESGCM", "HIGH") stands for. */
function matching(item: string): Cipher[] {
  const parts = item.split('+').filter(Boolean);
  if (parts.length === 0) return [];
  return CIPHERS.filter((c) => parts.every((p) => (ALIASES[p] ? ALIASES[p]!(c) : c.name === p)));
}

/** The suites an OpenSSL cipher string selects, in order. */
export function evaluateCipherString(spec: string): Cipher[] {
  let list: Cipher[] = [];
  const banned = new Set<string>();
  for (const raw of spec.split(/[:, ]+/).filter(Boolean)) {
    if (raw.startsWith('@')) continue; // @STRENGTH, @SECLEVEL=n: ordering and policy, not selection
    const op = raw[0] === '!' || raw[0] === '-' || raw[0] === '+' ? raw[0] : '';
    const item = op ? raw.slice(1) : raw;
    const sel = matching(item);
    const names = new Set(sel.map((c) => c.name));
    if (op === '!') {
      for (const n of names) banned.add(n);
      list = list.filter((c) => !names.has(c.name));
    } else if (op === '-') {
      list = list.filter((c) => !names.has(c.name));
    } else if (op === '+') {
      list = [...list.filter((c) => !names.has(c.name)), ...list.filter((c) => names.has(c.name))];
    } else {
      for (const c of sel) if (!banned.has(c.name) && !list.some((x) => x.name === c.name)) list.push(c);
    }
  }
  return list;
}

/** Why a suite is weak, or null when it is not. */
export function weakness(c: Cipher): string | null {
  if (c.export) return 'export-grade';
  if (c.enc === 'None') return 'no encryption (NULL)';
  if (c.au === 'None') return 'no authentication (aNULL)';
  if (c.enc === 'RC4') return 'RC4';
  if (c.enc === 'DES') return 'single DES';
  if (c.enc === '3DES') return '3DES (Sweet32)';
  if (c.enc === 'RC2') return 'RC2';
  if (c.mac === 'MD5') return 'MD5 MAC';
  return null;
}

/** The weak suites a cipher string selects, grouped by reason ({ "RC4": ["RC4-SHA", ...] }). */
export function weakCiphers(spec: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of evaluateCipherString(spec)) {
    const why = weakness(c);
    if (why) out.set(why, [...(out.get(why) ?? []), c.name]);
  }
  return out;
}
