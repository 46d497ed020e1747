/**
 * PostgreSQL clusters: each postgresql.conf found (Debian's /etc/postgresql/<version>/<cluster>/,
 * Red Hat's /var/lib/pgsql/[<version>/]data/), its effective settings with includes and
 * postgresql.auto.conf applied in the server's order, the pg_hba.conf it names with
 * includes and `@file` lists expanded, and the data directory's permissions.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parsePostgresqlConf, type PgConfSetting } from '../parsers/postgresql-conf/parser.ts';
import { parsePgHba, parseHbaNameList, type HbaRecord, type HbaToken } from '../parsers/pg-hba/parser.ts';
import type { SourceLine } from '../parsers/types.ts';
import type { FileInfo } from '../target/target.ts';
import type { Listener } from './_listener.ts';

const CONFIG_GLOBS = ['/etc/postgresql/*/*/postgresql.conf', '/var/lib/pgsql/data/postgresql.conf', '/var/lib/pgsql/*/data/postgresql.conf', '/var/lib/postgresql/data/postgresql.conf'];
const MAX_DEPTH = 10;

/** An effective setting: the line that set it last, or the built-in default. */
export interface PgValue {
  value: string;
  source: SourceLine | null;
}

export interface PgCluster {
  configFile: string;
  /** Major version (15, 9.6 -> 9) when the layout or PG_VERSION tells it, else null. */
  majorVersion: number | null;
  /** Effective settings by lower-case name. */
  settings: Map<string, PgConfSetting>;
  listenAddresses: PgValue;
  port: PgValue;
  ssl: PgValue;
  passwordEncryption: PgValue;
  hbaFile: string;
  /** pg_hba.conf could be read. */
  hbaFound: boolean;
  /** Records in order, from every included file, with `@file` lists expanded. */
  hba: HbaRecord[];
  dataDirectory: string | null;
  dataDirectoryInfo: FileInfo | null;
  /** The certificate and key ssl_cert_file / ssl_key_file name (relative ones in the data directory), and whether they are regular files. */
  sslFiles: { cert: { path: string; exists: boolean }; key: { path: string; exists: boolean } } | null;
  /** uid of the `postgres` account in /etc/passwd, when there is one. */
  postgresUid: number | null;
}

export interface PostgresqlFacts {
  installed: boolean;
  clusters: PgCluster[];
  listens: Listener[];
}

/** Built-in defaults of the settings the rules read (password_encryption depends on the version). */
export function pgDefault(name: string, major: number | null): string {
  switch (name) {
    case 'listen_addresses':
      return 'localhost';
    case 'port':
      return '5432';
    case 'ssl':
      return 'off';
    case 'password_encryption':
      return major !== null && major < 14 ? 'md5' : 'scram-sha-256';
    default:
      return '';
  }
}

/** The comma-separated listen_addresses as a list ("*", "localhost", "10.0.0.1"). */
export function splitListenAddresses(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function readSettings(ctx: FactContext, file: string, into: Map<string, PgConfSetting>, depth: number): Promise<boolean> {
  const res = await ctx.target.readFile(file);
  if (!res.ok) return false;
  const parsed = parsePostgresqlConf(res.text, file);
  ctx.parseErrors(parsed.errors);
  const dir = posix.dirname(file);
  for (const e of parsed.model.entries) {
    if (e.kind === 'setting') {
      into.set(e.name, e);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      ctx.diagnostic({ path: file, line: e.source.line, message: 'includes nested too deeply' });
      continue;
    }
    const p = posix.isAbsolute(e.path) ? e.path : posix.join(dir, e.path);
    if (e.kind === 'include_dir') {
      const files = (await ctx.target.glob(posix.join(p, '*.conf'))).sort();
      for (const f of files) await readSettings(ctx, f, into, depth + 1);
      continue;
    }
    const ok = await readSettings(ctx, p, into, depth + 1);
    if (!ok && e.kind === 'include') {
      ctx.diagnostic({ path: file, line: e.source.line, message: `could not open included file "${p}": PostgreSQL refuses to start` });
    }
  }
  return true;
}

async function expandTokens(ctx: FactContext, tokens: HbaToken[], dir: string, depth: number): Promise<HbaToken[]> {
  const out: HbaToken[] = [];
  for (const t of tokens) {
    if (!t.quoted && t.value.startsWith('@') && t.value.length > 1 && depth < MAX_DEPTH) {
      const rel = t.value.slice(1);
      const p = posix.isAbsolute(rel) ? rel : posix.join(dir, rel);
      const res = await ctx.target.readFile(p);
      if (!res.ok) continue; // PostgreSQL logs and treats a missing list as empty.
      out.push(...(await expandTokens(ctx, parseHbaNameList(res.text), posix.dirname(p), depth + 1)));
    } else out.push(t);
  }
  return out;
}

/** A record's line with the values of secret options (ldapbindpasswd, radiussecrets) removed. */
export function redactHbaSource(r: HbaRecord): SourceLine {
  let text = r.source.text;
  for (const key of Object.keys(r.options)) {
    if (!/passw|secret/i.test(key)) continue;
    text = text.replace(new RegExp(`(${key}=)("[^"]*"|[^\\s#]+)`), '$1<redacted>');
  }
  return { ...r.source, text };
}

async function readHba(ctx: FactContext, file: string, out: HbaRecord[], depth: number): Promise<boolean> {
  const res = await ctx.target.readFile(file);
  if (!res.ok) return false;
  const parsed = parsePgHba(res.text, file);
  ctx.parseErrors(parsed.errors);
  const dir = posix.dirname(file);
  for (const e of parsed.model.entries) {
    if (e.kind === 'record') {
      out.push({ ...e, source: redactHbaSource(e), databases: await expandTokens(ctx, e.databases, dir, 0), users: await expandTokens(ctx, e.users, dir, 0) });
      continue;
    }
    if (depth >= MAX_DEPTH) {
      ctx.diagnostic({ path: file, line: e.source.line, message: 'includes nested too deeply' });
      continue;
    }
    const p = posix.isAbsolute(e.path) ? e.path : posix.join(dir, e.path);
    if (e.kind === 'include_dir') {
      for (const f of (await ctx.target.glob(posix.join(p, '*.conf'))).sort()) await readHba(ctx, f, out, depth + 1);
      continue;
    }
    const ok = await readHba(ctx, p, out, depth + 1);
    if (!ok && e.kind === 'include') ctx.diagnostic({ path: file, line: e.source.line, message: `could not open included file "${p}"` });
  }
  return true;
}

async function passwdUid(ctx: FactContext, user: string): Promise<number | null> {
  const res = await ctx.target.readFile('/etc/passwd');
  if (!res.ok) return null;
  for (const line of res.text.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f[2] !== undefined && /^\d+$/.test(f[2])) return Number(f[2]);
  }
  return null;
}

async function majorVersion(ctx: FactContext, configFile: string, dataDir: string | null): Promise<number | null> {
  const m = /^\/etc\/postgresql\/(\d+)(?:\.\d+)?\//.exec(configFile) ?? /^\/var\/lib\/pgsql\/(\d+)(?:\.\d+)?\//.exec(configFile);
  if (m) return Number(m[1]);
  if (dataDir) {
    const res = await ctx.target.readFile(posix.join(dataDir, 'PG_VERSION'));
    if (res.ok) {
      const v = /^(\d+)/.exec(res.text.trim());
      if (v) return Number(v[1]);
    }
  }
  return null;
}

function value(settings: Map<string, PgConfSetting>, name: string, major: number | null): PgValue {
  const s = settings.get(name);
  return s ? { value: s.value, source: s.source } : { value: pgDefault(name, major), source: null };
}

/** Listener entries for one listen_addresses value and port. */
export function pgListeners(addresses: string[], port: number, source: SourceLine | undefined): Listener[] {
  const out: Listener[] = [];
  for (const a of addresses) {
    const base = { service: 'postgresql', protocol: 'tcp' as const, port, origin: 'config' as const, ...(source ? { source } : {}) };
    if (a === '*') out.push({ ...base, address: '*' });
    else if (a === 'localhost') out.push({ ...base, address: '127.0.0.1' }, { ...base, address: '::1' });
    else out.push({ ...base, address: a });
  }
  return out;
}

/** The server certificate and key files, when they can be located. */
async function sslFiles(ctx: FactContext, settings: Map<string, PgConfSetting>, dataDirectory: string | null): Promise<PgCluster['sslFiles']> {
  const locate = async (name: string, fallback: string) => {
    const v = settings.get(name)?.value || fallback;
    const path = v.startsWith('/') ? v : dataDirectory ? posix.join(dataDirectory, v) : null;
    if (path === null) return null;
    const st = await ctx.target.stat(path);
    return { path, exists: st.ok && st.info.type === 'file' };
  };
  const cert = await locate('ssl_cert_file', 'server.crt');
  const key = await locate('ssl_key_file', 'server.key');
  return cert && key ? { cert, key } : null;
}

async function collectCluster(ctx: FactContext, configFile: string, postgresUid: number | null): Promise<PgCluster> {
  const settings = new Map<string, PgConfSetting>();
  await readSettings(ctx, configFile, settings, 0);
  const configDir = posix.dirname(configFile);
  const dataDirectory = settings.get('data_directory')?.value ?? (configFile.startsWith('/etc/') ? null : configDir);
  if (dataDirectory) await readSettings(ctx, posix.join(dataDirectory, 'postgresql.auto.conf'), settings, 0);
  const major = await majorVersion(ctx, configFile, dataDirectory);
  const hbaFile = settings.get('hba_file')?.value ?? posix.join(dataDirectory ?? configDir, 'pg_hba.conf');
  const hba: HbaRecord[] = [];
  const hbaFound = await readHba(ctx, hbaFile, hba, 0);
  let dataDirectoryInfo: FileInfo | null = null;
  if (dataDirectory) {
    const st = await ctx.target.stat(dataDirectory);
    if (st.ok) dataDirectoryInfo = st.info;
  }
  return {
    configFile,
    sslFiles: await sslFiles(ctx, settings, dataDirectory),
    majorVersion: major,
    settings,
    listenAddresses: value(settings, 'listen_addresses', major),
    port: value(settings, 'port', major),
    ssl: value(settings, 'ssl', major),
    passwordEncryption: value(settings, 'password_encryption', major),
    hbaFile,
    hbaFound,
    hba,
    dataDirectory,
    dataDirectoryInfo,
    postgresUid,
  };
}

export default defineFact<'postgresql', PostgresqlFacts>({
  name: 'postgresql',
  description: 'PostgreSQL clusters: effective postgresql.conf settings, pg_hba.conf records, data directory permissions',
  async collect(ctx) {
    const files: string[] = [];
    for (const g of CONFIG_GLOBS) for (const f of await ctx.target.glob(g)) if (!files.includes(f)) files.push(f);
    if (files.length === 0) return { installed: false, clusters: [], listens: [] };
    const uid = await passwdUid(ctx, 'postgres');
    const clusters: PgCluster[] = [];
    for (const f of files) clusters.push(await collectCluster(ctx, f, uid));
    const listens = clusters.flatMap((c) => {
      const port = Number.parseInt(c.port.value, 10);
      return pgListeners(splitListenAddresses(c.listenAddresses.value), Number.isFinite(port) ? port : 5432, c.listenAddresses.source ?? undefined);
    });
    return { installed: true, clusters, listens };
  },
});
