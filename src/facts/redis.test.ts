import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';

const FX = path.join(import.meta.dirname, '../rules/databases/fixtures');
async function redis(fixture: string) {
  const target = new RootDirTarget(path.join(FX, fixture));
  const store = new FactStore(target, await target.info(), defaultAuditOptions());
  return store.get('redis');
}

test('hardened instance: auth, renamed commands, Redis 7 blocks DEBUG and MODULE, listeners', async () => {
  const r = await redis('redis-auth/pass');
  const i = r.instances[0]!;
  assert.ok(i.defaultUserProtected);
  assert.equal(i.requirepass?.text, 'requirepass <redacted>');
  assert.equal(i.commands.CONFIG?.how, 'disabled with rename-command');
  assert.equal(i.commands.FLUSHDB?.how, 'renamed');
  assert.match(i.commands.DEBUG?.how ?? '', /Redis 7/);
  assert.deepEqual(r.listens.map((l) => `${l.address}:${l.port}`), ['127.0.0.1:6379', '::1:6379']);
});

test('aclfile: default user off protects; the ACL hash is never kept', async () => {
  const i = (await redis('redis-auth/pass-aclfile')).instances[0]!;
  assert.equal(i.aclFile, '/etc/redis/users.acl');
  assert.ok(i.defaultUserProtected);
  assert.ok(!JSON.stringify(i).includes('5e884898'));
});

test('include with a glob is followed; bind * -::* means all interfaces', async () => {
  const r = await redis('redis-bind/fail-include');
  assert.deepEqual(r.instances[0]!.bind.value, ['*', '-::*']);
  assert.deepEqual(r.listens.map((l) => l.address), ['0.0.0.0', '::']);
});
