/**
 * The wire-format pieces of the retrievers, on known bytes and on random input: decoders of
 * server answers either return a value or throw a ProbeFailure, never anything else.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { endpointsFromListeners, parseEndpoint } from './endpoint.ts';
import { redactSetCookie } from './http.ts';
import { ANONYMOUS_BIND, START_TLS, responseFramer } from './ldap.ts';
import { CLIENT_SSL, parseHandshake } from './mysql.ts';
import { ProbeFailure, lineFramer, opensslReason, toProbeError } from './net.ts';
import { loadRecords, serializeRecords, type ProbeRecord } from './record.ts';
import { classifyPing } from './redis.ts';
import { planJobs } from './runner.ts';
import { parseBanner, parseKexinit } from './ssh.ts';
import { CIPHER_SUITES, suiteName, suitesFor } from './tls-ciphers.ts';
import { buildClientHello, parseServerHello } from './tls-hello.ts';
import { signatureAlgorithmName } from './x509.ts';

/** Runs a decoder on arbitrary bytes: a ProbeFailure is an acceptable answer, nothing else is. */
function total<T>(fn: (b: Buffer) => T): (bytes: Uint8Array) => void {
  return (bytes) => {
    try {
      fn(Buffer.from(bytes));
    } catch (err) {
      if (!(err instanceof ProbeFailure)) throw err;
    }
  };
}

describe('endpoints', () => {
  test('schemes, default ports, IPv6 and canonical ids', () => {
    assert.deepEqual(parseEndpoint('https://example.org'), { scheme: 'https', host: 'example.org', port: 443, defaultPort: true, path: '/', id: 'https://example.org:443' });
    assert.equal(parseEndpoint('postgresql://db:6543').id, 'postgres://db:6543');
    assert.equal(parseEndpoint('ssh://[::1]:2222').id, 'ssh://[::1]:2222');
    assert.equal(parseEndpoint('mariadb://10.0.0.5').id, 'mysql://10.0.0.5:3306');
    assert.equal(parseEndpoint('https://h/app?x=1').path, '/app?x=1');
    assert.throws(() => parseEndpoint('ftp://h'), /unsupported scheme/);
    assert.throws(() => parseEndpoint('example.org'), /not a URL/);
    assert.throws(() => parseEndpoint('redis://user:pw@h'), /credentials/);
  });

  test('https on the default port also probes plain HTTP on port 80, unless given explicitly', () => {
    assert.deepEqual(
      planJobs(['https://example.org']).map((j) => `${j.impliedHttp ? 'implied ' : ''}${j.endpoint.id}`),
      ['https://example.org:443', 'implied http://example.org:80'],
    );
    assert.deepEqual(planJobs(['https://example.org', 'http://example.org']).map((j) => j.endpoint.id), ['https://example.org:443', 'http://example.org:80']);
    assert.deepEqual(planJobs(['https://example.org:8443']).map((j) => j.endpoint.id), ['https://example.org:8443']);
    assert.throws(() => planJobs(['https://ok', 'gopher://x']), (err: Error & { code?: string }) => err.code === 'GARRISON_ERR_USAGE');
  });

  test('listeners found by an audit become endpoints on loopback', () => {
    const l = (service: string, address: string, port: number) => ({ service, protocol: 'tcp' as const, address, port, origin: 'live' as const });
    assert.deepEqual(
      endpointsFromListeners([l('sshd', '0.0.0.0', 22), l('nginx', '::', 443), l('nginx', '10.0.0.5', 80), l('postgresql', '127.0.0.1', 5432), l('chronyd', '*', 323), l('slapd', '*', 636)]),
      ['http://10.0.0.5:80', 'https://[::1]:443', 'ldaps://127.0.0.1:636', 'postgres://127.0.0.1:5432', 'ssh://127.0.0.1:22'],
    );
  });
});

describe('TLS', () => {
  test('a ClientHello offers exactly the version and suites asked for', () => {
    const suites = suitesFor(0x0303, (c) => c.weak === 'rc4');
    const hello = buildClientHello(0x0303, suites, 'example.org');
    assert.equal(hello[0], 0x16);
    assert.equal(hello.readUInt16BE(9), 0x0303);
    const cipherLen = hello.readUInt16BE(44);
    assert.equal(cipherLen, (suites.length + 1) * 2);
    assert.ok(hello.includes(Buffer.from('example.org')));
    assert.ok(!buildClientHello(0x0303, suites, '127.0.0.1').includes(Buffer.from('127.0.0.1')), 'no SNI for an IP address');
    assert.equal(buildClientHello(0x0300, suitesFor(0x0300), undefined).readUInt16BE(1), 0x0300);
  });

  test('suite lists per version', () => {
    assert.ok(suitesFor(0x0304).every((c) => c.tls13));
    assert.ok(suitesFor(0x0301).every((c) => !c.tls12 && !c.tls13));
    assert.equal(new Set(CIPHER_SUITES.map((c) => c.id)).size, CIPHER_SUITES.length, 'no duplicate code points');
    assert.equal(suiteName(0xc02f), 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    assert.equal(suiteName(0xabcd), '0xABCD');
  });

  test('ServerHello: version from supported_versions, HelloRetryRequest recognised', () => {
    const body = Buffer.concat([
      Buffer.from([0x03, 0x03]),
      Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex'),
      Buffer.from([0]),
      Buffer.from([0x13, 0x01, 0]),
      Buffer.from([0, 6, 0x00, 0x2b, 0, 2, 0x03, 0x04]),
    ]);
    assert.deepEqual(parseServerHello(body), { version: 0x0304, cipher: 0x1301, helloRetry: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), total(parseServerHello)));
  });

  test('signature algorithm names', () => {
    assert.equal(signatureAlgorithmName('1.2.840.113549.1.1.5'), 'sha1WithRSAEncryption');
    assert.equal(signatureAlgorithmName('1.2.3.4'), '1.2.3.4');
  });
});

describe('SSH', () => {
  test('identification line and KEXINIT', () => {
    assert.deepEqual(parseBanner('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'), { protocolVersion: '2.0', software: 'OpenSSH_9.2p1' });
    assert.throws(() => parseBanner('HTTP/1.1 400'), ProbeFailure);
    const list = (s: string) => {
      const b = Buffer.alloc(4 + s.length);
      b.writeUInt32BE(s.length);
      b.write(s, 4, 'latin1');
      return b;
    };
    const payload = Buffer.concat([
      Buffer.from([20]),
      Buffer.alloc(16),
      ...['curve25519-sha256,diffie-hellman-group1-sha1', 'ssh-ed25519', 'aes128-ctr', 'aes128-cbc', 'hmac-sha2-256', 'hmac-md5', 'none', 'none', '', ''].map(list),
      Buffer.from([0, 0, 0, 0, 0]),
    ]);
    const algos = parseKexinit(payload);
    assert.deepEqual(algos.kex, ['curve25519-sha256', 'diffie-hellman-group1-sha1']);
    assert.deepEqual(algos.ciphers, { clientToServer: ['aes128-ctr'], serverToClient: ['aes128-cbc'] });
    assert.deepEqual(algos.macs.serverToClient, ['hmac-md5']);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), total((b) => parseKexinit(Buffer.concat([Buffer.from([20]), b])))));
  });

  test('a line framer refuses endless lines', () => {
    const frame = lineFramer(10);
    assert.deepEqual(frame(Buffer.from('abc\r\nrest')), { size: 5, value: 'abc' });
    assert.equal(frame(Buffer.from('abc')), undefined);
    assert.throws(() => frame(Buffer.from('x'.repeat(11))), /longer than 10 bytes/);
  });
});

describe('databases', () => {
  test('MySQL handshake: version, capabilities, TLS flag, plugin; error packets', () => {
    // A real MariaDB 10.11 greeting (auth data replaced).
    const greeting = Buffer.concat([
      Buffer.from([10]),
      Buffer.from('5.5.5-10.11.6-MariaDB\0'),
      Buffer.from([1, 0, 0, 0]),
      Buffer.from('abcdefgh'),
      Buffer.from([0]),
      Buffer.from([0xfe, 0xff]), // lower capabilities, CLIENT_SSL set
      Buffer.from([0x2d, 0x02, 0x00]),
      Buffer.from([0xff, 0x81]),
      Buffer.from([21]),
      Buffer.alloc(10),
      Buffer.from('ijklmnopqrst\0'),
      Buffer.from('mysql_native_password\0'),
    ]);
    const h = parseHandshake(greeting);
    assert.equal(h.serverVersion, '5.5.5-10.11.6-MariaDB');
    assert.equal(h.tlsOffered, true);
    assert.equal((h.capabilities! & CLIENT_SSL) !== 0, true);
    assert.equal(h.authPlugin, 'mysql_native_password');
    const noTls = Buffer.from(greeting);
    noTls[1 + 22 + 4 + 8 + 1] = 0xfe & 0xff;
    noTls[1 + 22 + 4 + 8 + 2] = 0xf7;
    assert.equal(parseHandshake(noTls).tlsOffered, false);
    const refused = parseHandshake(Buffer.concat([Buffer.from([0xff, 0x6a, 0x04]), Buffer.from("Host '10.1.2.3' is not allowed to connect")]));
    assert.deepEqual(refused.refused, { code: 1130, message: "Host '10.1.2.3' is not allowed to connect" });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), total(parseHandshake)));
  });

  test('LDAP requests and results', () => {
    assert.equal(ANONYMOUS_BIND.toString('hex'), '300c020101600702010304008000');
    assert.equal(START_TLS.readUInt8(5), 0x77);
    const bindOk = Buffer.from('300c02010161070a010004000400', 'hex');
    assert.deepEqual(responseFramer(bindOk)?.value, { messageId: 1, op: 0x61, resultCode: 0 });
    const withDiag = encodeResult(2, 0x78, 2, 'unsupported extended operation');
    assert.deepEqual(responseFramer(withDiag)?.value, { messageId: 2, op: 0x78, resultCode: 2, diagnostic: 'unsupported extended operation' });
    assert.equal(responseFramer(bindOk.subarray(0, 5)), undefined);
    assert.throws(() => responseFramer(Buffer.from('HTTP/1.1 400')), /does not speak LDAP/);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), total((b) => responseFramer(Buffer.concat([Buffer.from([0x30]), b])))));
  });

  test('Redis answers to PING', () => {
    assert.equal(classifyPing('+PONG'), 'open');
    assert.equal(classifyPing('-NOAUTH Authentication required.'), 'auth-required');
    assert.equal(classifyPing('-DENIED Redis is running in protected mode'), 'protected-mode');
    assert.equal(classifyPing('-ERR unknown command'), 'other');
  });
});

function encodeResult(id: number, op: number, code: number, diag: string): Buffer {
  const d = Buffer.from(diag);
  const body = Buffer.concat([Buffer.from([0x0a, 1, code, 0x04, 0, 0x04, d.length]), d]);
  const opTlv = Buffer.concat([Buffer.from([op, body.length]), body]);
  const msg = Buffer.concat([Buffer.from([0x02, 1, id]), opTlv]);
  return Buffer.concat([Buffer.from([0x30, msg.length]), msg]);
}

describe('records and errors', () => {
  test('cookie values never enter a record', () => {
    const r = redactSetCookie('session=s3cr3t-token-value; Path=/; HttpOnly');
    assert.doesNotMatch(r, /s3cr3t/);
    assert.match(r, /^session=<redacted sha256:[0-9a-f]{8}>; Path=\/; HttpOnly$/);
  });

  test('record files round-trip and are validated', () => {
    const rec: ProbeRecord = { kind: 'redis', endpoint: 'redis://h:6379', host: 'h', port: 6379, retrievedAt: '2026-01-01T00:00:00.000Z', durationMs: 3, state: 'open', reply: '+PONG' };
    assert.deepEqual(loadRecords(serializeRecords([rec])), [rec]);
    assert.throws(() => loadRecords('{"garrisonProbeRecords":1,"records":[{"kind":"redis"}]}'), /not a garrison probe record file at records\.0/);
    assert.throws(() => loadRecords('nope'), /not a garrison probe record file/);
  });

  test('socket errors become sentences', () => {
    const err = (code: string, message = code) => Object.assign(new Error(message), { code });
    const b = { label: 'h:1', overallTimeoutMs: 5 };
    assert.equal(toProbeError(err('ECONNREFUSED'), b).code, 'refused');
    assert.equal(toProbeError(err('EHOSTUNREACH'), b).code, 'unreachable');
    assert.equal(toProbeError(err('ENOTFOUND'), b).code, 'dns');
    assert.equal(toProbeError(err('ECONNRESET'), b).code, 'reset');
    assert.match(toProbeError(err('ABORT_ERR'), b).message, /within 5 ms/);
    assert.equal(opensslReason('write EPROTO 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../x.c:350:'), 'wrong version number');
  });
});
