/**
 * Agreement with the reference tools on the same loopback servers:
 *  - testssl.sh (`-p -s`): the accepted protocol versions and the broken cipher categories
 *    (NULL, aNULL, EXPORT, LOW, 3DES/IDEA) equal garrison's, on a weak and a hardened nginx;
 *  - ssh-audit: every SSH algorithm garrison calls weak is failed or warned about by
 *    ssh-audit, and everything ssh-audit fails or warns about that garrison does not flag
 *    is one of the documented intentional differences (docs/probes.md).
 * testssl.sh needs about half a minute per endpoint, so both nginx runs go in parallel.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { weakness, offered, type AlgorithmKind } from '../rules/probe-ssh/_grade.ts';
import type { SshRecord, TlsRecord } from './record-types.ts';
import { collectRecords } from './runner.ts';
import { BINARIES, missing, startNginx, startSshd, type Daemon } from './testing/daemons.ts';
import { INTENTIONAL_DIFFERENCES, garrisonTlsVerdict, runSshAudit, runTestssl } from './testing/reference-tools.ts';

const daemons: Daemon[] = [];
after(async () => {
  await Promise.all(daemons.map((d) => d.stop()));
});

function unavailable(...paths: string[]): string | false {
  const why = missing(...paths);
  if (!why) return false;
  if (process.env.CI) throw new Error(`${why} (the CI set-up must install it)`);
  return why;
}

describe('agreement with the reference tools', () => {
  test('TLS: protocol versions and weak cipher categories agree with testssl.sh', { skip: unavailable(BINARIES.nginx, BINARIES.testssl), timeout: 300_000 }, async () => {
    const servers = await Promise.all([startNginx('weak'), startNginx('hardened')]);
    daemons.push(...servers);
    await Promise.all(
      servers.map(async (d) => {
        const hostPort = `127.0.0.1:${d.ports.https}`;
        const [records, reference] = await Promise.all([collectRecords([`https://${hostPort}`]), runTestssl(hostPort)]);
        const tls = records.find((r): r is TlsRecord => r.kind === 'tls')!;
        assert.deepEqual(garrisonTlsVerdict(tls), reference.verdict, `${hostPort}: garrison vs testssl.sh`);
      }),
    );
  });

  test('SSH: weak algorithms agree with ssh-audit', { skip: unavailable(BINARIES.sshd, BINARIES.sshAudit) }, async () => {
    const servers = await Promise.all([
      startSshd({ passwordAuthentication: true, legacyAlgorithms: true }),
      startSshd({ passwordAuthentication: false, legacyAlgorithms: false }),
    ]);
    daemons.push(...servers);
    for (const d of servers) {
      const [records, { grades }] = await Promise.all([collectRecords([`ssh://127.0.0.1:${d.ports.ssh}`]), runSshAudit(d.ports.ssh!)]);
      const rec = records[0] as SshRecord;
      assert.ok(rec.algorithms, JSON.stringify(rec));
      for (const kind of ['kex', 'hostKey', 'cipher', 'mac'] as AlgorithmKind[]) {
        assert.ok(grades[kind].size > 0, `ssh-audit listed ${kind} algorithms`);
        for (const alg of offered(rec.algorithms, kind)) {
          const notes = grades[kind].get(alg);
          if (weakness(kind, alg)) {
            assert.ok(notes && notes.length > 0, `${kind} ${alg}: garrison flags it, ssh-audit should too`);
          } else if (notes && notes.length > 0) {
            assert.ok(notes.every((n) => INTENTIONAL_DIFFERENCES.test(n)), `${kind} ${alg}: ssh-audit says ${notes.join('; ')}, garrison does not flag it`);
          }
        }
      }
    }
  });
});
