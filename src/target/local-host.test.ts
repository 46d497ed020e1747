import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalHostTarget } from './local-host.ts';
import { targetConformance } from './conformance.case.ts';

targetConformance('LocalHostTarget', (dir) => ({ target: new LocalHostTarget(), prefix: dir }), 'local-host');

test('LocalHostTarget reads /proc files of size 0 and refuses blocking ones', async () => {
  const t = new LocalHostTarget();
  const r = await t.readFile('/proc/self/mountinfo');
  assert.ok(r.ok);
  assert.ok(r.text.length > 0);
  const osrel = await t.readFile('/proc/sys/kernel/osrelease');
  assert.ok(osrel.ok && /\d+\.\d+/.test(osrel.text));
  const info = await t.info();
  assert.equal(info.kind, 'local-host');
  assert.equal(info.root, '/');
});

test('LocalHostTarget.walk does not enter pseudo file systems', async () => {
  const t = new LocalHostTarget();
  const paths: string[] = [];
  for await (const b of t.walk({ roots: ['/proc/self/..'], batchSize: 100000 })) paths.push(...b.entries.map((e) => e.path));
  // Rooted at /proc itself nothing below is skipped by name, but the walk still must not follow links.
  assert.ok(paths.length > 0);
  const rootWalk: string[] = [];
  for await (const b of t.walk({ roots: ['/'], skip: ['/usr', '/var', '/home', '/opt', '/srv', '/tmp', '/root', '/work', '/boot', '/etc', '/lib', '/lib64', '/bin', '/sbin', '/snap', '/mnt', '/media'] }))
    rootWalk.push(...b.entries.map((e) => e.path));
  assert.ok(!rootWalk.some((p) => p.startsWith('/proc/')));
  assert.ok(!rootWalk.some((p) => p.startsWith('/sys/')));
});
