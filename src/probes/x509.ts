/**
 * What the TLS checks need to know of a certificate, taken from its DER bytes with Node's
 * X509Certificate, plus the signature algorithm, which Node does not expose: read from the
 * outer DER structure (Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, ... }).
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from './record-types.ts';

const SIGNATURE_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

const CURVE_BITS: Record<string, number> = {
  prime192v1: 192,
  secp224r1: 224,
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

interface Tlv {
  tag: number;
  start: number; // offset of the content
  end: number; // offset after the content
}

function readTlv(der: Buffer, off: number): Tlv {
  if (off + 2 > der.length) throw new Error('truncated DER');
  const tag = der[off]!;
  let len = der[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  if (start + len > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + len };
}

function decodeOid(bytes: Buffer): string {
  if (bytes.length === 0) throw new Error('empty OID');
  const parts: number[] = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    v = v * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** The signature algorithm OID of a DER certificate. */
export function signatureAlgorithmOid(der: Buffer): string {
  const cert = readTlv(der, 0);
  const tbs = readTlv(der, cert.start);
  const algId = readTlv(der, tbs.end);
  const oid = readTlv(der, algId.start);
  if (cert.tag !== 0x30 || algId.tag !== 0x30 || oid.tag !== 0x06) throw new Error('not an X.509 certificate');
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** A readable signature algorithm name ("sha256WithRSAEncryption"), or the OID. */
export function signatureAlgorithmName(oid: string): string {
  return SIGNATURE_OIDS[oid] ?? oid;
}

function iso(date: string): string {
  const t = Date.parse(date);
  return Number.isNaN(t) ? date : new Date(t).toISOString();
}

/** Summarises one DER certificate for a TLS record. */
export function describeCertificate(der: Buffer): CertificateInfo {
  const cert = new X509Certificate(der);
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  let signatureAlgorithm: string;
  try {
    signatureAlgorithm = signatureAlgorithmName(signatureAlgorithmOid(der));
  } catch {
    signatureAlgorithm = 'unknown';
  }
  let selfSigned = false;
  if (cert.subject === cert.issuer) {
    try {
      selfSigned = cert.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  const info: CertificateInfo = {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    notBefore: iso(cert.validFrom),
    notAfter: iso(cert.validTo),
    fingerprint256: cert.fingerprint256,
    keyType: key.asymmetricKeyType ?? 'unknown',
    signatureAlgorithm,
    selfSigned,
  };
  if (typeof details.modulusLength === 'number') info.keyBits = details.modulusLength;
  if (typeof details.namedCurve === 'string') {
    info.curve = details.namedCurve;
    const bits = CURVE_BITS[details.namedCurve];
    if (bits !== undefined) info.keyBits = bits;
  }
  if (key.asymmetricKeyType === 'ed25519') info.keyBits = 256;
  if (key.asymmetricKeyType === 'ed448') info.keyBits = 456;
  if (cert.subjectAltName) info.subjectAltName = cert.subjectAltName;
  return info;
}
