import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { decodeProcAddress, listeningSockets, parseProcNet } from './proc-net.ts';

const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21001 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 21002 1 0000000000000000 100 0 0 10 0',
  '   2: 0500000A:0016 6400000A:D431 01 00000000:00000000 02:000A7D5E 00000000     0        0 33810 4 0000000000000000 20 4 29 10 -1',
].join('\n');

const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21003 1 0000000000000000 100 0 0 10 0',
  '   1: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 21004 1 0000000000000000 100 0 0 10 0',
  '   2: 0000000000000000FFFF00000100007F:0CEA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 21005 1 0000000000000000 100 0 0 10 0',
  '   3: B80D0120000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000    33        0 21006 1 0000000000000000 100 0 0 10 0',
].join('\n');

const UDP = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  '  123: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 15000 2 0000000000000000 0',
  '  124: 0500000A:A1B2 08080808:0035 01 00000000:00000000 00:00000000 00000000   100        0 15001 2 0000000000000000 0',
].join('\n');

describe('/proc/net tables', () => {
  test('IPv4 TCP: listeners with address, port, uid, inode and line', () => {
    const { model, errors } = parseProcNet(TCP, '/proc/net/tcp', { protocol: 'tcp', family: 'ipv4' });
    assert.deepEqual(errors, []);
    const l = listeningSockets(model.sockets);
    assert.deepEqual(
      l.map((s) => [s.localAddress, s.localPort, s.uid, s.inode, s.line]),
      [
        ['0.0.0.0', 22, 0, 21001, 2],
        ['127.0.0.1', 5432, 106, 21002, 3],
      ],
    );
    assert.deepEqual([model.sockets[2]!.remoteAddress, model.sockets[2]!.remotePort], ['10.0.0.100', 54321]);
  });

  test('IPv6: wildcard, loopback, IPv4-mapped and a global address', () => {
    const { model, errors } = parseProcNet(TCP6, '/proc/net/tcp6', { protocol: 'tcp', family: 'ipv6' });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.sockets.map((s) => `${s.localAddress}:${s.localPort}`),
      [':::22', '::1:6379', '::ffff:127.0.0.1:3306', '2001:db8::1:443'],
    );
  });

  test('UDP: a bound socket without a peer receives; a connected one does not count', () => {
    const { model } = parseProcNet(UDP, '/proc/net/udp', { protocol: 'udp', family: 'ipv4' });
    assert.deepEqual(listeningSockets(model.sockets).map((s) => s.localPort), [68]);
  });

  test('big-endian hosts', () => {
    assert.deepEqual(decodeProcAddress('7F000001:0016', 'ipv4', false), { address: '127.0.0.1', port: 22 });
    assert.equal(decodeProcAddress('7F00001:0016', 'ipv4'), null);
  });

  test('malformed lines are errors; the table of this machine parses cleanly', () => {
    const { errors } = parseProcNet(`${TCP}\n   9: garbage\n  10: 0100007F:ZZZZ 00000000:0000 0A 0 0 0 0 0 1`, 'f', { protocol: 'tcp', family: 'ipv4' });
    assert.deepEqual(errors.map((e) => e.line), [5, 6]);
    for (const [file, protocol, family] of [['/proc/net/tcp', 'tcp', 'ipv4'], ['/proc/net/udp6', 'udp', 'ipv6']] as const) {
      if (!fs.existsSync(file)) continue;
      assert.deepEqual(parseProcNet(fs.readFileSync(file, 'utf8'), file, { protocol, family }).errors, []);
    }
  });

  test('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseProcNet(s, 'f', { protocol: 'tcp', family: 'ipv6' })), { numRuns: 300 });
    const field = fc.constantFrom('0:', '1:', '00000000:0016', '0100007F:1538', '00000000000000000000000000000000:0016', '0A', '07', 'ZZ', '0', '-1', 'sl', '');
    fc.assert(
      fc.property(fc.array(fc.array(field, { maxLength: 12 }).map((f) => f.join(' ')), { maxLength: 10 }), (lines) => {
        const r = parseProcNet(lines.join('\n'), 'f', { protocol: 'tcp', family: 'ipv4' });
        for (const s of r.model.sockets) assert.ok(s.localPort >= 0 && s.localPort <= 65535);
      }),
      { numRuns: 300 },
    );
  });
});
