import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddrSet, formatIpv6, listenAddressInfo, parseIpv4, parseIpv6, parseNet } from './addr.ts';

describe('addresses', () => {
  test('IPv4 and IPv6 parse and format', () => {
    assert.equal(parseIpv4('10.1.2.3'), 0x0a010203n);
    assert.equal(parseIpv4('256.1.1.1'), null);
    assert.equal(parseIpv4('1.2.3'), null);
    assert.equal(parseIpv6('::1'), 1n);
    assert.equal(parseIpv6('::'), 0n);
    assert.equal(parseIpv6('2001:db8::1'), 0x20010db8000000000000000000000001n);
    assert.equal(parseIpv6('::ffff:10.0.0.1'), 0xffff0a000001n);
    assert.equal(parseIpv6('1::2::3'), null);
    assert.equal(parseIpv6('12345::'), null);
    assert.equal(formatIpv6(0x20010db8000000000000000000000001n), '2001:db8::1');
    assert.equal(formatIpv6(0n), '::');
  });

  test('networks: prefixes, dotted masks, ranges, host bits ignored', () => {
    assert.deepEqual(parseNet('10.0.0.0/8'), { family: 'ipv4', interval: [0x0a000000n, 0x0affffffn] });
    assert.deepEqual(parseNet('10.1.2.3/255.255.0.0'), { family: 'ipv4', interval: [0x0a010000n, 0x0a01ffffn] });
    assert.equal(parseNet('10.0.0.0/255.0.255.0'), null);
    assert.deepEqual(parseNet('10.0.0.5-10.0.0.9'), { family: 'ipv4', interval: [0x0a000005n, 0x0a000009n] });
    assert.equal(parseNet('10.0.0.9-10.0.0.5'), null);
    assert.deepEqual(parseNet('fd00::/8')!.family, 'ipv6');
    assert.equal(parseNet('10.0.0.0/33'), null);
    assert.equal(parseNet('example.org'), null);
  });

  test('sets: union, intersection, complement, CIDR cover', () => {
    const a = AddrSet.fromNets('ipv4', ['10.0.0.0/8', '192.168.1.0/24']);
    const b = AddrSet.fromNets('ipv4', ['10.128.0.0/9']);
    assert.deepEqual(a.subtract(b).toCidrs(), ['10.0.0.0/9', '192.168.1.0/24']);
    assert.ok(a.covers(b));
    assert.ok(AddrSet.all('ipv4').equals(a.union(a.complement())));
    assert.equal(AddrSet.fromNets('ipv4', ['10.0.0.1-10.0.0.6']).toCidrs().join(' '), '10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32');
    assert.equal(AddrSet.all('ipv6').toString(), '::/0');
    assert.equal(AddrSet.fromNets('ipv6', ['::/1', '8000::/1']).isAll(), true);
  });

  test('set algebra holds on random intervals', () => {
    const iv = fc.tuple(fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.bigInt({ min: 0n, max: 0xffffffffn })).map(([x, y]) => (x <= y ? [x, y] : [y, x]) as [bigint, bigint]);
    const set = fc.array(iv, { maxLength: 6 }).map((ivs) => AddrSet.of('ipv4', ivs));
    fc.assert(
      fc.property(set, set, (a, b) => {
        assert.ok(a.union(b).covers(a));
        assert.ok(a.intersect(b).union(a.subtract(b)).equals(a));
        assert.ok(a.complement().complement().equals(a));
        assert.ok(AddrSet.fromNets('ipv4', a.toCidrs()).equals(a));
        assert.equal(a.size() + a.complement().size(), 1n << 32n);
      }),
    );
  });

  test('listen addresses: families, loopback, wildcard, IPv4-mapped', () => {
    assert.deepEqual(listenAddressInfo('*')?.families, ['ipv4', 'ipv6']);
    assert.equal(listenAddressInfo('0.0.0.0')?.wildcard, true);
    assert.deepEqual(listenAddressInfo('::')?.families, ['ipv6']);
    assert.equal(listenAddressInfo('127.0.0.53')?.loopback, true);
    assert.equal(listenAddressInfo('[::1]')?.loopback, true);
    assert.deepEqual(listenAddressInfo('::ffff:127.0.0.1'), { families: ['ipv4'], loopback: true, wildcard: false, value: { family: 'ipv4', value: 0x7f000001n } });
    assert.equal(listenAddressInfo('fe80::1%eth0')?.loopback, false);
    assert.equal(listenAddressInfo('db.example.org'), null);
  });
});
