/**
 * Secrets met in database configurations (Redis requirepass and ACL passwords, RabbitMQ
 * default_pass) never reach a report, whatever the rules find.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureVariants, materialize } from '../fixtures.ts';
import { runAudit } from '../../core/engine.ts';
import { defaultAuditOptions } from '../../core/options.ts';
import { RootDirTarget } from '../../target/root-dir.ts';
import { redactRedisLine } from '../../facts/redis.ts';

const SECRETS = ['k9$Vq2!xLw7#pZ0rT4u', 's3cr3t-value-0001', 'correct-horse-battery', 'Zx81-very-secret-value', '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'];
const RULES = ['redis-auth', 'redis-bind', 'redis-dangerous-commands', 'redis-protected-mode', 'rabbitmq-guest-remote', 'rabbitmq-tls'];

test('no secret value of the fixtures appears in any report', async () => {
  let checked = 0;
  for (const rule of RULES) {
    for (const v of fixtureVariants('databases', rule)) {
      const dir = materialize(v.dir, v.spec);
      try {
        const report = await runAudit(new RootDirTarget(dir), defaultAuditOptions({ families: ['databases'] }));
        const json = JSON.stringify(report);
        for (const s of SECRETS) assert.ok(!json.includes(s), `${rule}/${v.name} leaks ${s.slice(0, 3)}…`);
        checked++;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  assert.ok(checked > 5);
  assert.ok(fs.existsSync(path.join(import.meta.dirname, 'fixtures')));
});

test('redactRedisLine removes passwords, hashes and requirepass values', () => {
  assert.equal(redactRedisLine('requirepass "a b c"'), 'requirepass <redacted>');
  assert.equal(redactRedisLine('masterauth s3'), 'masterauth <redacted>');
  assert.equal(redactRedisLine('user app on >pw1 >pw2 ~* +@all'), 'user app on ><redacted> ><redacted> ~* +@all');
  assert.equal(redactRedisLine(`user app on #${'a'.repeat(64)} ~*`), 'user app on #<redacted> ~*');
});
