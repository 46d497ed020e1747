/**
 * Redis servers: each redis.conf (Debian's /etc/redis/redis.conf and redis-<instance>.conf,
 * Red Hat's /etc/redis.conf and /etc/redis/redis.conf) with `include` resolved (globs
 * allowed, Redis 7), the effective bind / protected-mode / port, whether clients must
 * authenticate (requirepass or ACL users, from the file or `aclfile`), and which dangerous
 * commands are renamed, disabled or denied. Secret values are never kept.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseRedisConf, type RedisDirective } from '../parsers/redis-conf/parser.ts';
import type { SourceLine } from '../parsers/types.ts';
import type { Listener } from './_listener.ts';
import { installedVersion, versionAtLeast } from './_dpkg-status.ts';

const CONFIG_GLOBS = ['/etc/redis/redis.conf', '/etc/redis/redis-*.conf', '/etc/redis.conf'];
const MAX_DEPTH = 10;
/** Commands whose exposure lets a client wipe data, rewrite files or run code. */
export const DANGEROUS_COMMANDS = ['FLUSHALL', 'FLUSHDB', 'CONFIG', 'DEBUG', 'MODULE'] as const;

export interface RedisSetting {
  value: string[];
  source: SourceLine | null;
}

export interface RedisInstance {
  configFile: string;
  /** Effective `bind` addresses ("-" prefix for optional ones kept). */
  bind: RedisSetting;
  protectedMode: RedisSetting;
  port: RedisSetting;
  /** `requirepass` is set to a non-empty value (the value itself is never kept). */
  requirepass: SourceLine | null;
  /** The default user needs a password or is disabled (ACL in the file or the aclfile). */
  defaultUserProtected: boolean;
  /** The default user can log in without a password, by an explicit ACL rule. */
  defaultUserNopass: SourceLine | null;
  /** ACL rules of the default user (secrets removed). */
  defaultUserRules: string[];
  aclFile: string | null;
  /** For each dangerous command, how it is neutralised, or null when it is not. */
  commands: Record<(typeof DANGEROUS_COMMANDS)[number], { how: string; source: SourceLine | null } | null>;
  /** Redis major version when the package says it. */
  version: string | null;
}

export interface RedisFacts {
  installed: boolean;
  instances: RedisInstance[];
  listens: Listener[];
}

/** Removes passwords (">pw"), hashes ("#hex") and requirepass/masterauth values from a line. */
export function redactRedisLine(text: string): string {
  return text
    .replace(/(^\s*(?:requirepass|masterauth)\s+)(\S.*)$/i, '$1<redacted>')
    .replace(/(\s)>\S+/g, '$1><redacted>')
    .replace(/(\s)#[0-9a-fA-F]{64}\b/g, '$1#<redacted>');
}

function redactedSource(d: RedisDirective): SourceLine {
  return { ...d.source, text: redactRedisLine(d.source.text) };
}

async function readConf(ctx: FactContext, file: string, out: RedisDirective[], depth: number): Promise<boolean> {
  const res = await ctx.target.readFile(file);
  if (!res.ok) return false;
  const parsed = parseRedisConf(res.text, file);
  ctx.parseErrors(parsed.errors);
  for (const d of parsed.model.directives) {
    if (d.name !== 'include') {
      out.push(d);
      continue;
    }
    const arg = d.args[0];
    if (arg === undefined || depth >= MAX_DEPTH) {
      ctx.diagnostic({ path: file, line: d.source.line, message: arg === undefined ? 'include without a file' : 'includes nested too deeply' });
      continue;
    }
    const p = posix.isAbsolute(arg) ? arg : posix.join(posix.dirname(file), arg);
    const files = /[*?[]/.test(p) ? await ctx.target.glob(p) : [p];
    for (const f of files) {
      if (!(await readConf(ctx, f, out, depth + 1))) {
        ctx.diagnostic({ path: file, line: d.source.line, message: `included file ${f} cannot be read: redis-server refuses to start` });
      }
    }
  }
  return true;
}

function lastOf(list: readonly RedisDirective[], name: string): RedisDirective | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.name === name) return list[i];
  return undefined;
}

interface AclUser {
  rules: string[];
  source: SourceLine;
}

/** Every ACL user's rules (later lines for the same user add to earlier ones), secrets removed. */
function aclUsers(lines: { args: string[]; source: SourceLine }[]): Map<string, AclUser> {
  const users = new Map<string, AclUser>();
  for (const l of lines) {
    const name = l.args[0];
    if (name === undefined) continue;
    const rules = l.args.slice(1).map((r) => (r.startsWith('>') ? '><redacted>' : r.startsWith('#') ? '#<redacted>' : r));
    users.set(name, { rules: [...(users.get(name)?.rules ?? []), ...rules], source: l.source });
  }
  return users;
}

async function aclFileUsers(ctx: FactContext, path: string): Promise<{ args: string[]; source: SourceLine }[]> {
  const res = await ctx.target.readFile(path);
  if (!res.ok) return [];
  const parsed = parseRedisConf(res.text, path);
  ctx.parseErrors(parsed.errors);
  return parsed.model.directives
    .filter((d) => d.name === 'user')
    .map((d) => ({ args: d.args, source: redactedSource(d) }));
}

/** State of a user after its rules, from `reset`-like defaults (off, no password, no commands). */
function userState(rules: readonly string[]): { on: boolean; hasPass: boolean; nopass: boolean } {
  let on = false;
  let hasPass = false;
  let nopass = false;
  for (const r of rules) {
    const x = r.toLowerCase();
    if (x === 'on') on = true;
    else if (x === 'off') on = false;
    else if (x === 'nopass') {
      nopass = true;
      hasPass = false;
    } else if (x === 'resetpass') {
      nopass = false;
      hasPass = false;
    } else if (x === 'reset') {
      on = false;
      nopass = false;
      hasPass = false;
    } else if (r.startsWith('>') || r.startsWith('#')) {
      hasPass = true;
      nopass = false;
    }
  }
  return { on, hasPass, nopass };
}

/** Whether rules (applied after `initiallyAllowed`) leave a command executable. */
function commandAllowed(cmd: string, rules: readonly string[], initiallyAllowed: boolean): boolean {
  const lower = cmd.toLowerCase();
  const categories = lower.startsWith('flush') ? ['@keyspace', '@write', '@dangerous', '@all'] : ['@admin', '@dangerous', '@all'];
  let allowed = initiallyAllowed;
  for (const r of rules) {
    const x = r.toLowerCase();
    const target = x.slice(1);
    if (x === 'nocommands' || x === 'reset' || (x.startsWith('-') && (target === lower || categories.includes(target)))) allowed = false;
    else if (x === 'allcommands' || (x.startsWith('+') && (target === lower || categories.includes(target)))) allowed = true;
  }
  return allowed;
}

/** The users who can log in, with the rules that decide what they may run. */
interface Principal {
  rules: readonly string[];
  /** The implicit default user (no `user default` line) may run everything. */
  initiallyAllowed: boolean;
}

/**
 * How a command is kept from clients: renamed, blocked by the version's default, or denied
 * by ACL to every user who can log in; null when some client can run it.
 */
function commandStatus(cmd: string, directives: readonly RedisDirective[], principals: readonly Principal[], version: string | null): { how: string; source: SourceLine | null } | null {
  const rename = [...directives].reverse().find((d) => d.name === 'rename-command' && d.args[0]?.toUpperCase() === cmd);
  if (rename) return { how: rename.args[1] === '' ? 'disabled with rename-command' : 'renamed', source: redactedSource(rename) };
  const lower = cmd.toLowerCase();
  if (lower === 'debug' || lower === 'module') {
    const flag = lastOf(directives, lower === 'debug' ? 'enable-debug-command' : 'enable-module-command');
    const v = flag?.args[0]?.toLowerCase();
    if (v === 'no' || v === 'local') return { how: `enable-${lower}-command ${v}`, source: flag!.source };
    // Redis 7 blocks both unless enabled.
    if (!flag && version !== null && versionAtLeast(version, '7.0')) return { how: 'blocked by default since Redis 7', source: null };
  }
  if (!principals.some((p) => commandAllowed(cmd, p.rules, p.initiallyAllowed))) return { how: 'denied by ACL to every user', source: null };
  return null;
}

async function collectInstance(ctx: FactContext, file: string, version: string | null): Promise<RedisInstance> {
  const ds: RedisDirective[] = [];
  await readConf(ctx, file, ds, 0);
  const get = (name: string, fallback: string[]): RedisSetting => {
    const d = lastOf(ds, name);
    return d ? { value: d.args, source: d.source } : { value: fallback, source: null };
  };
  const rp = lastOf(ds, 'requirepass');
  const aclFileDirective = lastOf(ds, 'aclfile');
  const aclFile = aclFileDirective?.args[0] ?? null;
  const users = aclFile
    ? await aclFileUsers(ctx, aclFile)
    : ds.filter((d) => d.name === 'user').map((d) => ({ args: d.args, source: redactedSource(d) }));
  const acl = aclUsers(users);
  const requirepass = rp && rp.args[0] !== undefined && rp.args[0] !== '' ? redactedSource(rp) : null;
  // Without a `user default` line the default user is "on nopass +@all", or needs requirepass.
  const du = acl.get('default');
  const duState = du ? userState(du.rules) : null;
  // An ACL line for the default user resets it, so requirepass no longer applies.
  const defaultUserProtected = duState ? !duState.on || (duState.hasPass && !duState.nopass) : requirepass !== null;
  const principals: Principal[] = [];
  if (!du) principals.push({ rules: [], initiallyAllowed: true });
  for (const u of acl.values()) if (userState(u.rules).on) principals.push({ rules: u.rules, initiallyAllowed: false });
  const commands = Object.fromEntries(DANGEROUS_COMMANDS.map((c) => [c, commandStatus(c, ds, principals, version)])) as RedisInstance['commands'];
  return {
    configFile: file,
    bind: get('bind', ['*', '-::*']),
    protectedMode: get('protected-mode', ['yes']),
    port: get('port', ['6379']),
    requirepass,
    defaultUserProtected,
    defaultUserNopass: du && duState?.on && duState.nopass ? du.source : null,
    defaultUserRules: du?.rules ?? [],
    aclFile,
    commands,
    version,
  };
}

/** Listener entries for a bind list ("-" marks an optional address; "*" and "::*" mean all). */
export function redisListeners(bind: readonly string[], port: number, source: SourceLine | null): Listener[] {
  const out: Listener[] = [];
  for (const raw of bind) {
    const a = raw.replace(/^-/, '');
    const address = a === '*' ? '0.0.0.0' : a === '::*' ? '::' : a === 'localhost' ? '127.0.0.1' : a;
    out.push({ service: 'redis', protocol: 'tcp', address, port, origin: 'config', ...(source ? { source } : {}) });
  }
  return out;
}

export default defineFact<'redis', RedisFacts>({
  name: 'redis',
  description: 'Redis server configuration: bind, protected-mode, authentication and dangerous commands',
  async collect(ctx) {
    const files: string[] = [];
    for (const g of CONFIG_GLOBS) for (const f of await ctx.target.glob(g)) if (!files.includes(f)) files.push(f);
    if (files.length === 0) return { installed: false, instances: [], listens: [] };
    const version = await installedVersion(ctx, ['redis-server', 'redis']);
    const instances: RedisInstance[] = [];
    for (const f of files) instances.push(await collectInstance(ctx, f, version));
    const listens = instances.flatMap((i) => {
      const port = Number.parseInt(i.port.value[0] ?? '6379', 10);
      return port > 0 ? redisListeners(i.bind.value, port, i.bind.source) : [];
    });
    return { installed: true, instances, listens };
  },
});
