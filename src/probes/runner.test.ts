/**
 * The probe runner: endpoints in parallel up to the concurrency limit, records in the order
 * of the URLs, and `probe()` giving an ordinary report.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { probe } from './index.ts';
import { collectRecords } from './runner.ts';
import { fakeServer, type FakeServer } from './testing/fake-server.ts';

const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('no more endpoints are probed at once than the concurrency limit', async () => {
  let open = 0;
  let peak = 0;
  for (let i = 0; i < 6; i++) {
    servers.push(
      await fakeServer((socket) => {
        socket.once('data', () => {
          open++;
          peak = Math.max(peak, open);
          setTimeout(() => {
            open--;
            socket.end('-NOAUTH Authentication required.\r\n');
          }, 80);
        });
      }),
    );
  }
  const urls = servers.map((s) => `redis://127.0.0.1:${s.port}`);
  const records = await collectRecords(urls, { concurrency: 2, timeoutMs: 2000 });
  assert.equal(peak, 2);
  assert.deepEqual(records.map((r) => r.endpoint), urls.map((u) => `${u}`));
  for (const r of records) assert.equal(r.kind === 'redis' && r.state, 'auth-required');
});

test('probe() returns a report on the network target', async () => {
  const report = await probe([`redis://127.0.0.1:${servers[0]!.port}`], { timeoutMs: 2000 });
  assert.equal(report.target.kind, 'network');
  assert.equal(report.target.hostname, '127.0.0.1');
  const redis = report.findings.find((f) => f.ruleId === 'probe-redis-no-auth');
  assert.equal(redis?.status, 'pass');
  assert.ok(report.findings.filter((f) => f.family.startsWith('probe-')).length === report.findings.length);
});
