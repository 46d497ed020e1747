/**
 * MySQL / MariaDB server options: the option files the server reads (/etc/my.cnf, then
 * /etc/mysql/my.cnf), with `!include` and `!includedir` resolved in order, and the
 * effective value of each option in the server's groups ([mysqld], [server], [mariadb],
 * [mariadbd] and their -<version> variants); the last occurrence wins.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseMysqlCnf, type CnfOption } from '../parsers/mysql-cnf/parser.ts';
import type { Listener } from './_listener.ts';

const OPTION_FILES = ['/etc/my.cnf', '/etc/mysql/my.cnf'];
const SERVER_BINARIES = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld', '/usr/libexec/mysqld', '/usr/libexec/mariadbd'];
const SERVER_GROUP = /^(mysqld|server|mariadb|mariadbd)(-[\d.]+)?$/;
const MAX_DEPTH = 10;
/** Options whose own name starts with skip_: not the "skip-X means X=0" prefix form. */
const REAL_SKIP = new Set(['skip_networking', 'skip_grant_tables', 'skip_name_resolve', 'skip_external_locking', 'skip_log_bin', 'skip_show_database', 'skip_symbolic_links', 'skip_slave_start', 'skip_replica_start', 'skip_host_cache', 'skip_ssl', 'skip_character_set_client_handshake', 'skip_log_error', 'skip_stack_trace']);

export interface MysqlOption {
  /** Canonical option name ("local_infile" for "skip-local-infile" too). */
  name: string;
  /** The value; "1"/"0" for prefix forms; null for a bare option (meaning on). */
  value: string | null;
  raw: CnfOption;
}

export interface MysqlFacts {
  /** A server is installed (a server binary, or options for a server group). */
  installed: boolean;
  flavor: 'mariadb' | 'mysql' | 'unknown';
  files: string[];
  /** Every option of the server groups, in the order the server reads them. */
  serverOptions: CnfOption[];
  /** Effective server options by canonical name. */
  options: Map<string, MysqlOption>;
  listens: Listener[];
}

/** Canonical name and value of an option as the server reads it (skip-/disable-/enable- prefixes). */
export function canonicalOption(o: CnfOption): MysqlOption {
  const m = /^(skip|disable|enable)_(.+)$/.exec(o.name);
  if (m && !REAL_SKIP.has(o.name)) return { name: m[2]!, value: m[1] === 'enable' ? '1' : '0', raw: o };
  return { name: o.name, value: o.value, raw: o };
}

/** True when a boolean option is on: a bare option, 1, ON, TRUE, YES. */
export function isOn(v: string | null): boolean {
  return v === null || /^(1|on|true|yes)$/i.test(v.trim());
}

async function readOptionFile(ctx: FactContext, file: string, out: CnfOption[], files: string[], depth: number): Promise<boolean> {
  const res = await ctx.target.readFile(file);
  if (!res.ok) return false;
  if (!files.includes(file)) files.push(file);
  const parsed = parseMysqlCnf(res.text, file);
  ctx.parseErrors(parsed.errors);
  for (const e of parsed.model.entries) {
    if (e.kind === 'option') {
      out.push(e);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      ctx.diagnostic({ path: file, line: e.source.line, message: 'includes nested too deeply' });
      continue;
    }
    const p = posix.isAbsolute(e.path) ? posix.normalize(e.path) : posix.join(posix.dirname(file), e.path);
    if (e.kind === 'include') {
      await readOptionFile(ctx, p, out, files, depth + 1);
      continue;
    }
    // !includedir: every *.cnf file of the directory, in name order.
    const dir = await ctx.target.readDir(p);
    if (!dir.ok) continue;
    const names = dir.entries.filter((x) => x.name.endsWith('.cnf') && x.type !== 'dir').map((x) => x.name).sort();
    for (const n of names) await readOptionFile(ctx, posix.join(p, n), out, files, depth + 1);
  }
  return true;
}

/** Where the server listens: nothing with skip-networking, else each bind-address (default: all). */
export function mysqlListeners(options: Map<string, MysqlOption>): Listener[] {
  const networking = options.get('skip_networking');
  if (networking && isOn(networking.value)) return [];
  const portOpt = options.get('port');
  const port = portOpt?.value && /^\d+$/.test(portOpt.value) ? Number(portOpt.value) : 3306;
  const bind = options.get('bind_address');
  const source = bind?.raw.source;
  const addresses = bind?.value ? bind.value.split(',').map((s) => s.trim()).filter(Boolean) : ['*'];
  return addresses.map((a) => ({
    service: 'mysql',
    protocol: 'tcp' as const,
    address: a === '*' || a === '::' ? '*' : a === 'localhost' ? '127.0.0.1' : a,
    port,
    origin: 'config' as const,
    ...(source ? { source } : {}),
  }));
}

export default defineFact<'mysql', MysqlFacts>({
  name: 'mysql',
  description: 'MySQL/MariaDB server options from my.cnf and its included files',
  async collect(ctx) {
    const all: CnfOption[] = [];
    const files: string[] = [];
    for (const f of OPTION_FILES) await readOptionFile(ctx, f, all, files, 0);
    const serverOpts = all.filter((o) => SERVER_GROUP.test(o.group));
    const binaries = await Promise.all(SERVER_BINARIES.map(async (b) => ((await ctx.target.stat(b)).ok ? b : null)));
    const installed = serverOpts.length > 0 || binaries.some(Boolean);
    const options = new Map<string, MysqlOption>();
    for (const o of serverOpts) {
      const c = canonicalOption(o);
      options.set(c.name, c);
    }
    const mariadb =
      binaries.some((b) => b?.endsWith('mariadbd')) || files.some((f) => f.includes('mariadb')) || all.some((o) => o.group.startsWith('mariadb'));
    const flavor = mariadb ? 'mariadb' : binaries.some(Boolean) ? 'mysql' : 'unknown';
    return { installed, flavor, files, serverOptions: serverOpts, options, listens: installed ? mysqlListeners(options) : [] };
  },
});
