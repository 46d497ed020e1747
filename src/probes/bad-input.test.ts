/**
 * Every retriever against servers that misbehave: a closed port, a port that accepts and
 * never answers, garbage bytes, another protocol, endless output (an endless SSH banner,
 * a 100 MB body). Each probe must end within its timeout with an `error` finding that
 * says what happened (one per endpoint when nothing could be probed), never a crash or a
 * hang.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseRecords } from './analyse.ts';
import { parseRecords } from './record.ts';
import type { ProbeRecord } from './record-types.ts';
import { REACHABILITY_RULE } from './rule-support.ts';
import { collectRecords } from './runner.ts';
import { closedPort, fakeServer, stream, type FakeServer } from './testing/fake-server.ts';

const TIMEOUT_MS = 700;
const SLACK_MS = 1500;
const SCHEMES = ['https', 'http', 'ssh', 'postgres', 'redis', 'mysql', 'ldap'] as const;

const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(handler: Parameters<typeof fakeServer>[0]): Promise<FakeServer> {
  const s = await fakeServer(handler);
  servers.push(s);
  return s;
}

/** The error a record carries for the part that could not be retrieved. */
function recordError(r: ProbeRecord): string | undefined {
  if (r.error) return `${r.error.code}: ${r.error.message}`;
  if (r.kind === 'http' && r.main.error) return `${r.main.error.code}: ${r.main.error.message}`;
  if (r.kind === 'ssh' && r.auth?.error) return `${r.auth.error.code}: ${r.auth.error.message}`;
  return undefined;
}

/** Probes every scheme against the port; checks time, recorded errors and error findings. */
async function probeAll(port: number, expected: RegExp, schemes: readonly string[] = SCHEMES): Promise<ProbeRecord[]> {
  const started = Date.now();
  const records = await collectRecords(
    schemes.map((s) => `${s}://127.0.0.1:${port}`),
    { timeoutMs: TIMEOUT_MS, connectTimeoutMs: 300, concurrency: schemes.length },
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed < TIMEOUT_MS + SLACK_MS, `all probes ended in ${elapsed} ms`);
  for (const r of records) {
    const err = recordError(r);
    assert.ok(err, `${r.kind} ${r.endpoint} recorded an error: ${JSON.stringify(r)}`);
    assert.match(err, expected, `${r.kind}: ${err}`);
  }
  // Records are judged without validation; even a failed probe's record must match the schemas.
  assert.deepEqual(parseRecords(records), records, 'the records match the record schemas');
  const report = await analyseRecords(records);
  for (const scheme of schemes) {
    const errors = report.findings.filter((f) => f.status === 'error' && f.evidence.some((e) => e.path?.startsWith(`${scheme}://`)));
    assert.ok(errors.length > 0, `an error finding for ${scheme}`);
    assert.ok(errors.every((f) => expected.test(f.message)), `${scheme}: ${errors.map((f) => f.message).join(' | ')}`);
    // An endpoint that could not be probed at all is one error, not one per rule.
    if (records.filter((r) => r.endpoint.startsWith(`${scheme}://`)).every((r) => r.error))
      assert.deepEqual(errors.map((f) => f.ruleId), [REACHABILITY_RULE], `${scheme}: ${errors.map((f) => `${f.ruleId}: ${f.message}`).join(' | ')}`);
  }
  assert.equal(report.findings.filter((f) => f.status === 'fail').length, 0, 'no failure is made up from a broken answer');
  return records;
}

describe('probes end with an error finding on bad input', () => {
  test('closed port: connection refused', async () => {
    await probeAll(await closedPort(), /refused/);
  });

  test('a port that accepts and never answers: timeout', async () => {
    const s = await serve(() => {});
    await probeAll(s.port, /within 700 ms/);
  });

  test('garbage bytes', async () => {
    const garbage = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256));
    const s = await serve((socket, count) => {
      socket.on('data', () => {});
      count(garbage.length);
      socket.write(garbage);
    });
    await probeAll(s.port, /does not speak|not a valid|not an SSH|invalid SSH packet|TLS handshake failed|closed the connection|longer than|bytes without/);
  });

  test('another protocol (an HTTP server answering everything with 400)', async () => {
    const s = await serve((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    });
    const records = await probeAll(s.port, /does not speak|not an SSH|closed the connection|TLS handshake failed|within 700 ms \(it sent nothing\)/, SCHEMES.filter((x) => x !== 'http'));
    const tls = records.find((r) => r.kind === 'tls')!;
    assert.match(recordError(tls)!, /does not speak TLS.*HTTP\/1\.1 400/);
  });

  test('an SSH server where HTTP is expected', async () => {
    const s = await serve((socket) => {
      socket.write('SSH-2.0-OpenSSH_9.2p1\r\n');
      socket.on('data', () => {});
    });
    await probeAll(s.port, /does not speak|not a valid HTTP answer|TLS handshake failed/, ['http', 'https', 'postgres', 'redis', 'mysql', 'ldap']);
  });

  test('an endless SSH banner', async () => {
    const line = Buffer.from(`${'x'.repeat(200)}\r\n`);
    const s = await serve((socket, count) => {
      socket.on('data', () => {});
      stream(socket, line, 100 * 1024 * 1024, count);
    });
    const [rec] = await probeAll(s.port, /no SSH identification line within the first 32 lines/, ['ssh']);
    assert.equal(rec!.kind, 'ssh');
    assert.ok(s.written() < 10 * 1024 * 1024, `the server could write only ${s.written()} bytes before the probe hung up`);
  });

  test('an SSH banner line without end', async () => {
    const s = await serve((socket, count) => {
      socket.on('data', () => {});
      stream(socket, Buffer.alloc(64 * 1024, 0x41), 100 * 1024 * 1024, count);
    });
    await probeAll(s.port, /longer than 1024 bytes/, ['ssh']);
  });

  test('a 100 MB stream where a small message is expected', async () => {
    const s = await serve((socket, count) => {
      socket.on('data', () => {});
      stream(socket, Buffer.alloc(64 * 1024, 0x2b), 100 * 1024 * 1024, count);
    });
    await probeAll(s.port, /does not speak|invalid SSH packet|not an SSH|longer than|bytes without|TLS handshake failed/, ['https', 'ssh', 'postgres', 'redis', 'mysql', 'ldap']);
    // Six connections, each cut off after its cap: the server never gets to send it all.
    assert.ok(s.written() < 6 * 100 * 1024 * 1024 * 0.5, `the probes hung up after ${s.written()} bytes`);
  });

  test('a 100 MB HTTP body is not read', async () => {
    const s = await serve((socket, count) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 104857600\r\n\r\n');
        stream(socket, Buffer.alloc(64 * 1024, 0x61), 100 * 1024 * 1024, count);
      });
    });
    const started = Date.now();
    const [rec] = await collectRecords([`http://127.0.0.1:${s.port}`], { timeoutMs: TIMEOUT_MS });
    assert.ok(Date.now() - started < TIMEOUT_MS, 'answered at once');
    assert.ok(rec?.kind === 'http' && rec.main.responses[0]?.status === 200 && !rec.main.error, JSON.stringify(rec));
    assert.ok(s.written() < 20 * 1024 * 1024, `only ${s.written()} bytes of the body were sent before the probe hung up`);
  });

  test('HTTP headers without end', async () => {
    const s = await serve((socket, count) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        stream(socket, Buffer.from(`X-Filler: ${'y'.repeat(1000)}\r\n`), 100 * 1024 * 1024, count);
      });
    });
    await probeAll(s.port, /headers are larger/, ['http']);
  });

  test('an SSH server that hangs up after its KEXINIT: algorithms recorded, methods an error', async () => {
    const lists = ['curve25519-sha256', 'ssh-ed25519', 'aes128-ctr', 'aes128-ctr', 'hmac-sha2-256', 'hmac-sha2-256', 'none', 'none', '', ''];
    const payload = Buffer.concat([
      Buffer.from([20]),
      Buffer.alloc(16, 7),
      ...lists.map((l) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(l.length);
        return Buffer.concat([len, Buffer.from(l)]);
      }),
      Buffer.alloc(5),
    ]);
    const padding = 8 - ((5 + payload.length) % 8) + 8;
    const header = Buffer.alloc(5);
    header.writeUInt32BE(1 + payload.length + padding);
    header[4] = padding;
    const s = await serve((socket) => {
      socket.write(Buffer.concat([Buffer.from('SSH-2.0-OpenSSH_9.2p1 Fake\r\n'), header, payload, Buffer.alloc(padding)]));
      socket.once('data', () => setTimeout(() => socket.destroy(), 20));
    });
    const [rec] = await collectRecords([`ssh://127.0.0.1:${s.port}`], { timeoutMs: TIMEOUT_MS });
    assert.ok(rec?.kind === 'ssh', JSON.stringify(rec));
    assert.equal(rec.error, undefined, JSON.stringify(rec));
    assert.equal(rec.software, 'OpenSSH_9.2p1');
    assert.deepEqual(rec.algorithms?.kex, ['curve25519-sha256']);
    assert.deepEqual(rec.algorithms?.ciphers, { clientToServer: ['aes128-ctr'], serverToClient: ['aes128-ctr'] });
    assert.match(`${rec.auth?.error?.code}: ${rec.auth?.error?.message}`, /closed|reset|key exchange failed/);
    assert.deepEqual(parseRecords([rec]), [rec]);
  });
});
