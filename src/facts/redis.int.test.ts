/**
 * The redis fact against a running redis-server: each fixture configuration is started on
 * 127.0.0.1 (its port, dir, pid and log lines replaced), and what the fact says must be
 * what the server does: an unauthenticated PING works exactly when the default user is not
 * protected, and each dangerous command runs exactly when the fact says it is not
 * neutralised (renamed, blocked, or denied by ACL).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { DANGEROUS_COMMANDS } from './redis.ts';
import { freePort } from '../probes/testing/daemons.ts';

const SERVER = '/usr/bin/redis-server';
const CLI = '/usr/bin/redis-cli';
const missing = [SERVER, CLI].filter((p) => !fs.existsSync(p));
const skip = missing.length > 0 && !process.env.CI ? `not installed: ${missing.join(', ')} (apt-get install redis-server)` : false;
const FX = path.join(import.meta.dirname, '../rules/databases/fixtures');

/** Fixture, and the credentials a client uses to probe commands (null: none). */
const CASES: [string, string[] | null][] = [
  ['redis-auth/fail-debian-default', null],
  ['redis-auth/pass', ['-a', 'k9$Vq2!xLw7#pZ0rT4u']],
  ['redis-auth/fail-nopass-acl', null],
  ['redis-auth/pass-aclfile', ['--user', 'app', '--pass', 'password']],
  ['redis-dangerous-commands/pass-acl-dangerous-denied', ['--user', 'default', '--pass', 'correct-horse-battery']],
];
const PROBES: Record<(typeof DANGEROUS_COMMANDS)[number], string[]> = {
  FLUSHALL: ['FLUSHALL'],
  FLUSHDB: ['FLUSHDB'],
  CONFIG: ['CONFIG', 'GET', 'port'],
  DEBUG: ['DEBUG', 'SLEEP', '0'],
  // Loading fails either way; what matters is whether the command itself is refused.
  MODULE: ['MODULE', 'LOAD', '/nonexistent/garrison-probe.so'],
};

const procs: ChildProcess[] = [];
const temps: string[] = [];
after(() => {
  for (const p of procs) p.kill('SIGKILL');
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function cli(port: number, auth: string[] | null, args: string[]): string {
  const res = spawnSync(CLI, ['-h', '127.0.0.1', '-p', String(port), '--no-auth-warning', ...(auth ?? []), ...args], { encoding: 'utf8', timeout: 10000 });
  return `${res.stdout}${res.stderr}`.trim();
}

const refused = (reply: string) => /^(NOPERM|NOAUTH|WRONGPASS)|not allowed|unknown command/i.test(reply);

describe('redis fact matches a running redis-server', { skip }, () => {
  for (const [fixture, auth] of CASES) {
    test(fixture, async () => {
      const src = path.join(FX, fixture);
      const target = new RootDirTarget(src);
      const store = new FactStore(target, await target.info(), defaultAuditOptions());
      const redis = await store.get('redis');
      assert.deepEqual(store.diagnosticsOf('redis'), []);
      const inst = redis.instances[0]!;

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-redis-'));
      temps.push(dir);
      const port = await freePort();
      const conf = fs
        .readFileSync(path.join(src, 'etc/redis/redis.conf'), 'utf8')
        .replace(/^(port|dir|pidfile|logfile|daemonize|bind|aclfile|save)\b.*$/gm, '')
        .concat(`\nport ${port}\nbind 127.0.0.1\ndir ${dir}\ndaemonize no\nsave ""\nlogfile ""\n`)
        .concat(inst.aclFile ? `aclfile ${path.join(dir, 'users.acl')}\n` : '');
      if (inst.aclFile) fs.copyFileSync(path.join(src, inst.aclFile), path.join(dir, 'users.acl'));
      fs.writeFileSync(path.join(dir, 'redis.conf'), conf);
      const proc = spawn(SERVER, [path.join(dir, 'redis.conf')], { stdio: 'ignore' });
      procs.push(proc);
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = !/Could not connect/.test(cli(port, null, ['PING']));
        if (!up) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(up, 'redis-server started');

      assert.equal(cli(port, null, ['PING']) === 'PONG', !inst.defaultUserProtected, 'unauthenticated PING');
      for (const c of DANGEROUS_COMMANDS) {
        const reply = cli(port, auth, PROBES[c]);
        assert.equal(!refused(reply), inst.commands[c] === null, `${c}: server replied "${reply.split('\n')[0]}", fact says ${inst.commands[c]?.how ?? 'available'}`);
      }
      proc.kill('SIGKILL');
    });
  }
});
