/**
 * The probes against real servers from Debian's packages on 127.0.0.1: each probe rule
 * fails on a weak server and stays quiet (pass) on a hardened one.
 *   nginx: TLS 1.0 and NULL/anonymous suites, a self-signed SHA-1 1024-bit certificate for
 *          another name, no HSTS or security headers, no redirect, a cookie without flags
 *          / the SRE guide's hardened example with a CA-issued certificate;
 *   sshd: legacy algorithms and passwords / a modern algorithm set and keys only;
 *   PostgreSQL: trust without TLS / scram-sha-256 with TLS;
 *   Redis: no password / requirepass;  MariaDB: no TLS / TLS;  slapd: anonymous binds and no
 *   StartTLS / anonymous binds refused and StartTLS.
 * Every endpoint of these servers is reported reachable; a port where nothing listens gets
 * one error per endpoint and no other finding but skips.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../core/report-schema.ts';
import { analyseRecords, probeRules } from './analyse.ts';
import { parseRecords } from './record.ts';
import { REACHABILITY_RULE } from './rule-support.ts';
import { collectRecords } from './runner.ts';
import {
  BINARIES,
  missing,
  postgresBinDir,
  startMariadb,
  startNginx,
  startPostgres,
  startRedis,
  startSlapd,
  startSshd,
  type Daemon,
} from './testing/daemons.ts';
import { closedPort } from './testing/fake-server.ts';

const fired = new Set<string>();
const daemons: Daemon[] = [];
after(async () => {
  await Promise.all(daemons.map((d) => d.stop()));
});

/** Skips (outside CI only) when a daemon is not installed; in CI a missing package fails. */
function unavailable(...paths: (string | undefined)[]): string | false {
  const why = missing(...paths);
  if (!why) return false;
  if (process.env.CI) throw new Error(`${why} (the CI set-up must install it)`);
  return why;
}

async function started(...ds: Promise<Daemon>[]): Promise<Daemon[]> {
  const list = await Promise.all(ds);
  daemons.push(...list);
  return list;
}

async function judge(urls: string[], families: string[], options: { loginPath?: string } = {}): Promise<Finding[]> {
  const records = await collectRecords(urls, { timeoutMs: 15000, ...options });
  // Records are judged without validation; the retrievers must make exactly what the schemas describe.
  assert.deepEqual(parseRecords(records), records, 'the records match the record schemas');
  const report = await analyseRecords(records);
  return report.findings.filter((f) => families.includes(f.family) || f.ruleId === REACHABILITY_RULE);
}

/** Every rule of `families` whose subject is `kind` fails on weak and passes on hardened. */
function assertContrast(weak: Finding[], hardened: Finding[], ruleIds: string[]): void {
  const show = (fs: Finding[]) => fs.map((f) => `${f.status} ${f.ruleId}: ${f.message}`).join('\n');
  for (const id of ruleIds) {
    assert.ok(weak.some((f) => f.ruleId === id && f.status === 'fail'), `${id} fails on the weak server:\n${show(weak)}`);
    const mine = hardened.filter((f) => f.ruleId === id);
    assert.ok(mine.length > 0 && mine.every((f) => f.status === 'pass'), `${id} passes on the hardened server:\n${show(mine)}`);
    fired.add(id);
  }
  assert.deepEqual(weak.filter((f) => f.status === 'error').map((f) => f.message), [], 'no errors on the weak server');
  for (const findings of [weak, hardened]) {
    const reached = findings.filter((f) => f.ruleId === REACHABILITY_RULE);
    assert.ok(reached.length > 0 && reached.every((f) => f.status === 'pass'), `every endpoint answered:\n${show(reached)}`);
  }
}

const ids = (family: string, filter: (id: string) => boolean = () => true) =>
  probeRules()
    .filter((r) => r.meta.family === family && filter(r.meta.id))
    .map((r) => r.meta.id);

describe('probes against real servers on loopback', () => {
  test('nginx: TLS and HTTP', { skip: unavailable(BINARIES.nginx, BINARIES.openssl) }, async () => {
    const [weak, hard] = await started(startNginx('weak'), startNginx('hardened'));
    const urls = (d: Daemon) => [`https://127.0.0.1:${d.ports.https}`, `http://127.0.0.1:${d.ports.http}`];
    const [w, h] = await Promise.all([
      judge(urls(weak!), ['probe-tls', 'probe-http'], { loginPath: '/login' }),
      judge(urls(hard!), ['probe-tls', 'probe-http'], { loginPath: '/login' }),
    ]);
    assertContrast(w, h, [...ids('probe-tls'), ...ids('probe-http')]);
    const legacy = w.filter((f) => f.ruleId === 'probe-tls-legacy-protocols' && f.status === 'fail').map((f) => f.message);
    assert.equal(legacy.length, 1);
    assert.match(legacy[0]!, /accepts TLSv1 /);
  });

  test('sshd: algorithms and password authentication', { skip: unavailable(BINARIES.sshd, BINARIES.sshKeygen) }, async () => {
    const [weak, hard] = await started(
      startSshd({ passwordAuthentication: true, legacyAlgorithms: true }),
      startSshd({ passwordAuthentication: false, legacyAlgorithms: false }),
    );
    const [w, h] = await Promise.all([judge([`ssh://127.0.0.1:${weak!.ports.ssh}`], ['probe-ssh']), judge([`ssh://127.0.0.1:${hard!.ports.ssh}`], ['probe-ssh'])]);
    assertContrast(w, h, ids('probe-ssh'));
    assert.ok(w.some((f) => f.ruleId === 'probe-ssh-weak-kex' && /diffie-hellman-group1-sha1/.test(f.message)));
  });

  test('PostgreSQL: trust and TLS', { skip: unavailable(postgresBinDir()) }, async () => {
    const [weak, hard] = await started(startPostgres('trust'), startPostgres('scram'));
    const [w, h] = await Promise.all([
      judge([`postgres://127.0.0.1:${weak!.ports.postgres}`], ['probe-db']),
      judge([`postgres://127.0.0.1:${hard!.ports.postgres}`], ['probe-db']),
    ]);
    assertContrast(w, h, ids('probe-db', (id) => id.startsWith('probe-postgres-')));
  });

  test('Redis: authentication', { skip: unavailable(BINARIES.redis) }, async () => {
    const [weak, hard] = await started(startRedis(), startRedis('a-long-random-test-password'));
    const [w, h] = await Promise.all([judge([`redis://127.0.0.1:${weak!.ports.redis}`], ['probe-db']), judge([`redis://127.0.0.1:${hard!.ports.redis}`], ['probe-db'])]);
    assertContrast(w, h, ids('probe-db', (id) => id.startsWith('probe-redis-')));
  });

  test('MariaDB: TLS offered', { skip: unavailable('/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db') }, async () => {
    const [weak, hard] = await started(startMariadb('plain'), startMariadb('tls'));
    const [w, h] = await Promise.all([judge([`mysql://127.0.0.1:${weak!.ports.mysql}`], ['probe-db']), judge([`mysql://127.0.0.1:${hard!.ports.mysql}`], ['probe-db'])]);
    assertContrast(w, h, ids('probe-db', (id) => id.startsWith('probe-mysql-')));
  });

  test('slapd: anonymous bind and StartTLS', { skip: unavailable('/usr/sbin/slapd') }, async () => {
    const [weak, hard] = await started(startSlapd('open'), startSlapd('hardened'));
    const [w, h] = await Promise.all([judge([`ldap://127.0.0.1:${weak!.ports.ldap}`], ['probe-db']), judge([`ldap://127.0.0.1:${hard!.ports.ldap}`], ['probe-db'])]);
    assertContrast(w, h, ids('probe-db', (id) => id.startsWith('probe-ldap-')));
  });

  test('a port where nothing listens: one error per endpoint, the other rules skip', async () => {
    const port = await closedPort();
    const urls = ['https', 'ssh', 'postgres', 'redis', 'mysql', 'ldaps'].map((s) => `${s}://127.0.0.1:${port}`);
    const records = await collectRecords(urls, { timeoutMs: 5000 });
    assert.deepEqual(parseRecords(records), records, 'the records match the record schemas');
    const report = await analyseRecords(records);
    const show = (fs: Finding[]) => fs.map((f) => `${f.status} ${f.ruleId}: ${f.message}`).join('\n');
    const errors = report.findings.filter((f) => f.status === 'error');
    assert.deepEqual(errors.map((f) => f.evidence[0]?.path).sort(), urls.sort(), `one error per endpoint:\n${show(errors)}`);
    for (const f of errors) {
      assert.equal(f.ruleId, REACHABILITY_RULE);
      assert.match(f.message, /could not be reached: connection refused/);
      assert.equal(f.evidence[0]?.note, 'refused');
    }
    const others = report.findings.filter((f) => f.ruleId !== REACHABILITY_RULE);
    assert.ok(others.every((f) => f.status === 'skip'), show(others));
    assert.ok(others.some((f) => f.message.includes(`(see ${REACHABILITY_RULE})`)), show(others));
    fired.add(REACHABILITY_RULE);
  });

  test('every probe rule was shown to fire', (t) => {
    if (fired.size === 0) return t.skip('no daemon could be started');
    const all = probeRules().map((r) => r.meta.id);
    if (!process.env.CI && fired.size < all.length) return t.skip(`some daemons are not installed; fired: ${[...fired].join(', ')}`);
    assert.deepEqual([...fired].sort(), all.sort());
  });
});
