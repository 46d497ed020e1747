import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalHostTarget } from '../target/local-host.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { Target } from '../target/target.ts';
import { collectFact } from './_testing.ts';
import { factCollectors } from './index.generated.ts';
import listenersFact from './listeners.ts';
import { parseSlapdUrl, slapdListeners } from './slapd.ts';
import { parseVsftpdConf, vsftpdListeners } from './vsftpd.ts';

const RULE_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../rules/firewall/fixtures');

const collect = (target: Target) => collectFact(listenersFact, target, { others: factCollectors });

const listen = (server: net.Server, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
  });

describe('listeners', () => {
  test('live: sockets of this process with their owner, dual-stack wildcard as every address', { skip: !fs.existsSync('/proc/net/tcp') && 'no /proc/net' }, async () => {
    const v4 = net.createServer();
    const v6 = net.createServer();
    const udp = dgram.createSocket('udp4');
    const p4 = await listen(v4, '127.0.0.1');
    let p6: number | null = null;
    try {
      p6 = await listen(v6, '::');
    } catch {
      // no IPv6 on this host
    }
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    const pu = udp.address().port;
    try {
      const { facts, diagnostics } = await collect(new LocalHostTarget());
      assert.equal(facts.origin, 'live');
      const mine = (port: number, protocol: string) => facts.listeners.find((l) => l.port === port && l.protocol === protocol);
      const a = mine(p4, 'tcp');
      assert.ok(a, `listener on ${p4}`);
      assert.equal(a.address, '127.0.0.1');
      assert.equal(a.process?.pid, process.pid);
      assert.match(a.source!.text, new RegExp(`^tcp 127\\.0\\.0\\.1:${p4} .*\\[${process.pid}\\]`));
      assert.equal(mine(pu, 'udp')?.address, '127.0.0.1');
      if (p6 !== null) {
        const bindv6only = fs.readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8').trim();
        assert.equal(mine(p6, 'tcp')?.address, bindv6only === '1' ? '::' : '*');
      }
      assert.deepEqual(diagnostics, []);
    } finally {
      v4.close();
      v6.close();
      udp.close();
    }
  });

  test('offline: the listens of the service facts, tagged with their fact', async () => {
    const { facts } = await collect(new RootDirTarget(path.join(RULE_FIXTURES, 'firewall-ipv6-parity/fail-picasoft-ldap-open-over-ipv6')));
    assert.equal(facts.origin, 'config');
    assert.ok(facts.services.includes('slapd'));
    const slapd = facts.listeners.filter((l) => l.fact === 'slapd');
    assert.deepEqual(slapd.map((l) => [l.address, l.port, l.source?.line]), [['*', 389, 24]]);
    assert.ok(facts.listeners.some((l) => l.fact === 'sshd' && l.port === 22));
  });

  test('offline: ports published by Docker are marked as bypassing INPUT', async () => {
    const { facts } = await collect(new RootDirTarget(path.join(RULE_FIXTURES, 'firewall-sensitive-service-exposed/fail-docker-published-database')));
    const published = facts.listeners.filter((l) => l.fact === 'compose');
    assert.deepEqual(published.map((l) => [l.port, l.dockerPublished]), [[443, true], [5432, true]]);
  });
});

describe('slapd URLs', () => {
  test('schemes, hosts, ports and defaults', () => {
    assert.deepEqual(parseSlapdUrl('ldap:///'), { url: 'ldap:///', scheme: 'ldap', host: '', port: 389 });
    assert.deepEqual(parseSlapdUrl('ldaps://10.0.0.5/'), { url: 'ldaps://10.0.0.5/', scheme: 'ldaps', host: '10.0.0.5', port: 636 });
    assert.deepEqual(parseSlapdUrl('ldap://[::1]:3389'), { url: 'ldap://[::1]:3389', scheme: 'ldap', host: '::1', port: 3389 });
    assert.equal(parseSlapdUrl('ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi')?.scheme, 'ldapi');
    assert.equal(parseSlapdUrl('http://x/'), null);
    const urls = ['ldap://127.0.0.1:389/', 'ldaps:///', 'ldapi:///', 'ldap://localhost/', 'ldap://ldap.example.org/'].map((u) => parseSlapdUrl(u)!);
    assert.deepEqual(slapdListeners(urls, null).map((l) => `${l.address}:${l.port}`), ['127.0.0.1:389', '*:636', '127.0.0.1:389', '::1:389', '*:389']);
  });
});

describe('vsftpd', () => {
  test('standalone IPv4, IPv6 (dual-stack), addresses and port; inetd mode listens on nothing', () => {
    const l = (text: string) => vsftpdListeners(parseVsftpdConf(text, 'f').options).map((x) => `${x.address}:${x.port}`);
    assert.deepEqual(l('listen=YES\n'), ['0.0.0.0:21']);
    assert.deepEqual(l('listen=NO\nlisten_ipv6=YES\nlisten_port=2121\n'), ['*:2121']);
    assert.deepEqual(l('listen=YES\nlisten_address=10.0.0.5\n'), ['10.0.0.5:21']);
    assert.deepEqual(l('listen=NO\nlisten_ipv6=NO\n'), []);
    const bad = parseVsftpdConf('# c\nlisten = YES\n', 'f');
    assert.deepEqual(bad.errors.map((e) => e.line), [2]);
  });
});
