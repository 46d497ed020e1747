/**
 * What the probe rules share about failed records: which failures are whole (reported once
 * by probe-endpoint-reachable), and the sentence that says what happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRecord, ProbeRecord, TlsRecord } from './record-types.ts';
import { describeFailure, plainHttpNotOffered, wholeFailure, withoutLabel } from './rule-support.ts';

const base = { host: '::1', port: 6379, retrievedAt: '2026-11-22T04:52:43.715Z', durationMs: 1 };

function tls(protocols: TlsRecord['protocols'], certificate?: TlsRecord['certificate']): TlsRecord {
  return { kind: 'tls', endpoint: 'https://[::1]:8443', ...base, port: 8443, protocols, weakCiphers: [], ...(certificate ? { certificate } : {}) };
}

test('the host:port a probe message starts with is dropped, IPv6 in brackets', () => {
  assert.equal(withoutLabel(base, '[::1]:6379: the server reset the connection'), 'the server reset the connection');
  assert.equal(withoutLabel(base, 'a line longer than 1024 bytes'), 'a line longer than 1024 bytes');
});

test('a whole failure is said once, without repeating the verdict', () => {
  const rec: ProbeRecord = {
    kind: 'redis',
    endpoint: 'redis://[::1]:6379',
    ...base,
    error: { code: 'protocol', message: '[::1]:6379: the server does not speak the Redis protocol: it answered "SSH-2.0-OpenSSH_9.2p1"' },
  };
  const failure = wholeFailure(rec);
  assert.ok(failure);
  assert.equal(describeFailure(rec, failure), 'redis://[::1]:6379 does not speak Redis: it answered "SSH-2.0-OpenSSH_9.2p1"');
  const refused: ProbeRecord = { ...rec, error: { code: 'refused', message: '[::1]:6379: connection refused: nothing listens on this port' } };
  assert.equal(describeFailure(refused, wholeFailure(refused)!), 'redis://[::1]:6379 could not be reached: connection refused: nothing listens on this port');
});

test('a TLS server that refuses every version fails as a whole only when no certificate came either', () => {
  const refusedAll = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].map((version) => ({ version: version as TlsRecord['protocols'][number]['version'], accepted: false }));
  const alert = { code: 'tls' as const, message: '[::1]:8443: the TLS handshake failed: tlsv1 unrecognized name' };
  const noCert = tls(refusedAll, { error: alert, chain: [], hostnameMatches: false, trusted: false, ocspStapled: false });
  assert.equal(wholeFailure(noCert)?.verdict, 'accepts no TLS version');
  assert.match(wholeFailure(noCert)!.error.message, /tlsv1 unrecognized name/);
  const leaf = { subject: 'CN=x', issuer: 'CN=x', serialNumber: '01', notBefore: base.retrievedAt, notAfter: base.retrievedAt, fingerprint256: 'AA', keyType: 'rsa', signatureAlgorithm: 'sha256WithRSAEncryption', selfSigned: true };
  assert.equal(wholeFailure(tls(refusedAll, { chain: [leaf], hostnameMatches: true, trusted: false, ocspStapled: false })), undefined);
  assert.equal(wholeFailure(tls([])), undefined, 'an empty record is not made out to be a refusing server');
  assert.equal(wholeFailure(tls([{ version: 'TLSv1.3', accepted: true, cipher: 'TLS_AES_128_GCM_SHA256' }])), undefined);
});

test('plain HTTP beside https:// that nothing answers is "not offered", other failures are not', () => {
  const implied = (code: 'refused' | 'connect-timeout' | 'reset'): HttpRecord => {
    const error = { code, message: `example.org:80: ${code}` };
    return { kind: 'http', endpoint: 'http://example.org:80', ...base, host: 'example.org', port: 80, scheme: 'http', implied: true, error, main: { responses: [], error } };
  };
  assert.equal(plainHttpNotOffered(implied('refused')), true);
  assert.equal(plainHttpNotOffered(implied('connect-timeout')), true);
  assert.equal(plainHttpNotOffered(implied('reset')), false);
  assert.equal(plainHttpNotOffered({ ...implied('refused'), implied: false }), false);
});
