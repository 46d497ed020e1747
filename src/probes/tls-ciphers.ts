/**
 * The TLS cipher suites the TLS probe offers, with their IANA names and the weakness class
 * used by the weak-cipher check. The classes follow testssl.sh's cipher lists: NULL
 * (no encryption), anonymous (no authentication), export grade, DES and other 56/64-bit
 * (LOW), RC4, and 3DES/IDEA (64-bit block, SWEET32).
 */
import type { WeakCipherClass } from './record-types.ts';

export interface CipherSuite {
  id: number;
  name: string;
  /** undefined for suites that are not weak (AES, ChaCha20, Camellia, ARIA, SEED, CCM). */
  weak?: WeakCipherClass;
  /** Defined for TLS 1.2 only (SHA-256/384 MACs, AEAD). */
  tls12?: boolean;
  /** A TLS 1.3 suite. */
  tls13?: boolean;
}

type Row = [id: number, name: string, weak?: WeakCipherClass | '', flag?: 'tls12' | 'tls13'];

// prettier-ignore
const ROWS: Row[] = [
  // TLS 1.3
  [0x1301, 'TLS_AES_128_GCM_SHA256', '', 'tls13'],
  [0x1302, 'TLS_AES_256_GCM_SHA384', '', 'tls13'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', '', 'tls13'],
  [0x1304, 'TLS_AES_128_CCM_SHA256', '', 'tls13'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256', '', 'tls13'],
  // ECDHE, AEAD
  [0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', '', 'tls12'],
  [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', '', 'tls12'],
  [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', '', 'tls12'],
  [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', '', 'tls12'],
  [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', '', 'tls12'],
  [0xc0ac, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', '', 'tls12'],
  [0xc0ad, 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', '', 'tls12'],
  [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', '', 'tls12'],
  [0x00a2, 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0x00a3, 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384', '', 'tls12'],
  [0xc09e, 'TLS_DHE_RSA_WITH_AES_128_CCM', '', 'tls12'],
  [0xc09f, 'TLS_DHE_RSA_WITH_AES_256_CCM', '', 'tls12'],
  [0xc05c, 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', '', 'tls12'],
  [0xc05d, 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', '', 'tls12'],
  [0xc060, 'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', '', 'tls12'],
  [0xc061, 'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', '', 'tls12'],
  // ECDHE/DHE, CBC
  [0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', '', 'tls12'],
  [0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', '', 'tls12'],
  [0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', '', 'tls12'],
  [0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', '', 'tls12'],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA'],
  [0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA'],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', '', 'tls12'],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', '', 'tls12'],
  [0x0040, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', '', 'tls12'],
  [0x006a, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256', '', 'tls12'],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA'],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA'],
  [0x0032, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA'],
  [0x0038, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA'],
  [0x0045, 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0088, 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0044, 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0087, 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA'],
  [0x009a, 'TLS_DHE_RSA_WITH_SEED_CBC_SHA'],
  // Static RSA / ECDH / DH key exchange
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', '', 'tls12'],
  [0xc09c, 'TLS_RSA_WITH_AES_128_CCM', '', 'tls12'],
  [0xc09d, 'TLS_RSA_WITH_AES_256_CCM', '', 'tls12'],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256', '', 'tls12'],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256', '', 'tls12'],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA'],
  [0x0041, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0084, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0096, 'TLS_RSA_WITH_SEED_CBC_SHA'],
  [0xc050, 'TLS_RSA_WITH_ARIA_128_GCM_SHA256', '', 'tls12'],
  [0xc051, 'TLS_RSA_WITH_ARIA_256_GCM_SHA384', '', 'tls12'],
  [0xc004, 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA'],
  [0xc005, 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA'],
  [0xc00e, 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA'],
  [0xc00f, 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA'],
  [0xc02d, 'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0xc031, 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256', '', 'tls12'],
  [0x0030, 'TLS_DH_DSS_WITH_AES_128_CBC_SHA'],
  [0x0031, 'TLS_DH_RSA_WITH_AES_128_CBC_SHA'],
  [0x0036, 'TLS_DH_DSS_WITH_AES_256_CBC_SHA'],
  [0x0037, 'TLS_DH_RSA_WITH_AES_256_CBC_SHA'],
  // 3DES and IDEA (64-bit block ciphers)
  [0xc012, 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0xc008, 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x0016, 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x0013, 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x000d, 'TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x0010, 'TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0xc003, 'TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0xc00d, 'TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x008b, 'TLS_PSK_WITH_3DES_EDE_CBC_SHA', '3des'],
  [0x0007, 'TLS_RSA_WITH_IDEA_CBC_SHA', 'idea'],
  // RC4
  [0xc011, 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'rc4'],
  [0xc007, 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', 'rc4'],
  [0xc002, 'TLS_ECDH_ECDSA_WITH_RC4_128_SHA', 'rc4'],
  [0xc00c, 'TLS_ECDH_RSA_WITH_RC4_128_SHA', 'rc4'],
  [0x0005, 'TLS_RSA_WITH_RC4_128_SHA', 'rc4'],
  [0x0004, 'TLS_RSA_WITH_RC4_128_MD5', 'rc4'],
  [0x008a, 'TLS_PSK_WITH_RC4_128_SHA', 'rc4'],
  // DES (56-bit)
  [0x0009, 'TLS_RSA_WITH_DES_CBC_SHA', 'des'],
  [0x000c, 'TLS_DH_DSS_WITH_DES_CBC_SHA', 'des'],
  [0x000f, 'TLS_DH_RSA_WITH_DES_CBC_SHA', 'des'],
  [0x0012, 'TLS_DHE_DSS_WITH_DES_CBC_SHA', 'des'],
  [0x0015, 'TLS_DHE_RSA_WITH_DES_CBC_SHA', 'des'],
  // Export grade
  [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'export'],
  [0x0006, 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5', 'export'],
  [0x0008, 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', 'export'],
  [0x000b, 'TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA', 'export'],
  [0x000e, 'TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA', 'export'],
  [0x0011, 'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA', 'export'],
  [0x0014, 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA', 'export'],
  [0x0062, 'TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA', 'export'],
  [0x0063, 'TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA', 'export'],
  [0x0064, 'TLS_RSA_EXPORT1024_WITH_RC4_56_SHA', 'export'],
  [0x0065, 'TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA', 'export'],
  [0x0017, 'TLS_DH_anon_EXPORT_WITH_RC4_40_MD5', 'export'],
  [0x0019, 'TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA', 'export'],
  // Anonymous (no authentication)
  [0x0034, 'TLS_DH_anon_WITH_AES_128_CBC_SHA', 'anon'],
  [0x003a, 'TLS_DH_anon_WITH_AES_256_CBC_SHA', 'anon'],
  [0x006c, 'TLS_DH_anon_WITH_AES_128_CBC_SHA256', 'anon', 'tls12'],
  [0x006d, 'TLS_DH_anon_WITH_AES_256_CBC_SHA256', 'anon', 'tls12'],
  [0x00a6, 'TLS_DH_anon_WITH_AES_128_GCM_SHA256', 'anon', 'tls12'],
  [0x00a7, 'TLS_DH_anon_WITH_AES_256_GCM_SHA384', 'anon', 'tls12'],
  [0x0046, 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA', 'anon'],
  [0x0089, 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA', 'anon'],
  [0x009b, 'TLS_DH_anon_WITH_SEED_CBC_SHA', 'anon'],
  [0x0018, 'TLS_DH_anon_WITH_RC4_128_MD5', 'anon'],
  [0x001a, 'TLS_DH_anon_WITH_DES_CBC_SHA', 'anon'],
  [0x001b, 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA', 'anon'],
  [0xc018, 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA', 'anon'],
  [0xc019, 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA', 'anon'],
  [0xc016, 'TLS_ECDH_anon_WITH_RC4_128_SHA', 'anon'],
  [0xc017, 'TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA', 'anon'],
  // NULL encryption
  [0x0001, 'TLS_RSA_WITH_NULL_MD5', 'null'],
  [0x0002, 'TLS_RSA_WITH_NULL_SHA', 'null'],
  [0x003b, 'TLS_RSA_WITH_NULL_SHA256', 'null', 'tls12'],
  [0xc001, 'TLS_ECDH_ECDSA_WITH_NULL_SHA', 'null'],
  [0xc006, 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', 'null'],
  [0xc00b, 'TLS_ECDH_RSA_WITH_NULL_SHA', 'null'],
  [0xc010, 'TLS_ECDHE_RSA_WITH_NULL_SHA', 'null'],
  [0xc015, 'TLS_ECDH_anon_WITH_NULL_SHA', 'null'],
  [0x002c, 'TLS_PSK_WITH_NULL_SHA', 'null'],
];

export const CIPHER_SUITES: readonly CipherSuite[] = ROWS.map(([id, name, weak, flag]) => ({
  id,
  name,
  ...(weak ? { weak } : {}),
  ...(flag === 'tls12' ? { tls12: true } : {}),
  ...(flag === 'tls13' ? { tls13: true } : {}),
}));

const BY_ID = new Map(CIPHER_SUITES.map((c) => [c.id, c]));

/** The suite with this code point, if garrison knows it. */
export function suiteById(id: number): CipherSuite | undefined {
  return BY_ID.get(id);
}

/** IANA name, or "0xC0FF" for a code point garrison does not know. */
export function suiteName(id: number): string {
  return BY_ID.get(id)?.name ?? `0x${id.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Which suites may be offered in a ClientHello of this protocol version (SSL 3.0 = 0x0300). */
export function suitesFor(version: number, filter: (c: CipherSuite) => boolean = () => true): CipherSuite[] {
  return CIPHER_SUITES.filter((c) => {
    if (version === 0x0304) return c.tls13 === true && filter(c);
    if (c.tls13) return false;
    if (c.tls12 && version < 0x0303) return false;
    return filter(c);
  });
}
