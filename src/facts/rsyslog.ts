/**
 * rsyslog's effective configuration: /etc/rsyslog.conf with `$IncludeConfig` and
 * `include(file=...)` expanded in place (globs, directories), then interpreted the way
 * rsyslogd does: global stream-driver defaults, legacy `$Action...` settings that apply
 * to the legacy actions after them, and RainerScript actions with their own parameters.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { paramString, parseRsyslog, type RsyslogObject, type RsyslogStatement } from '../parsers/rsyslog/rsyslog.ts';
import type { SourceLine } from '../parsers/types.ts';

export const RSYSLOG_CONF = '/etc/rsyslog.conf';
const MAX_INCLUDE_DEPTH = 16;

/** A forwarding action to another host. */
export interface LogForward {
  /** "omfwd", "omrelp", ... */
  module: string;
  protocol: 'udp' | 'tcp' | 'relp';
  target: string;
  port: string | null;
  /** Transport encryption is on (TLS stream driver in mode 1, or RELP tls="on"). */
  tls: boolean;
  /** Peer authentication: "anon", "x509/name", "x509/fingerprint", "x509/certvalid", "name", ... */
  authMode: string;
  source: SourceLine;
}

/** A file action: a fixed path or a dynamic one from a template. */
export interface LogFileAction {
  /** The path, with template properties as `%name%` for dynamic files. */
  path: string;
  dynamic: boolean;
  /** Permission bits rsyslog creates the file with, umask applied. */
  createMode: number;
  /** Mode of the existing file (fixed paths only), or null. */
  existingMode: number | null;
  source: SourceLine;
  /** The `$FileCreateMode` line that set the create mode of a legacy action, or null for the default. */
  modeSource: SourceLine | null;
}

export interface RsyslogFacts {
  installed: boolean;
  files: string[];
  statements: RsyslogStatement[];
  forwards: LogForward[];
  fileActions: LogFileAction[];
  /** Inputs that receive logs from the network (imudp, imtcp, imrelp, imptcp, imgssapi). */
  networkInputs: { module: string; source: SourceLine }[];
  /** Loaded modules (lower case), e.g. imuxsock, imjournal. */
  modules: string[];
}

async function expand(ctx: FactContext, path: string, depth: number, files: string[], out: RsyslogStatement[]): Promise<void> {
  const r = await ctx.target.readFile(path);
  if (!r.ok) {
    if (r.error.code !== 'ENOENT' && r.error.code !== 'NOT_REGULAR' && r.error.code !== 'ENOTDIR')
      ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
    return;
  }
  files.push(path);
  const parsed = parseRsyslog(r.text, path);
  ctx.parseErrors(parsed.errors);
  for (const st of parsed.model.statements) {
    let pattern: string | undefined;
    if (st.kind === 'directive' && st.name === 'includeconfig') pattern = st.value.trim();
    else if (st.kind === 'object' && st.type === 'include') pattern = paramString(st, 'file');
    if (pattern === undefined) {
      out.push(st);
      continue;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      ctx.diagnostic({ path, line: st.source.line, message: 'includes nested too deeply' });
      continue;
    }
    for (const inc of await resolveInclude(ctx, pattern)) await expand(ctx, inc, depth + 1, files, out);
  }
}

/** A glob, a directory (every file in it, sorted) or a single file. */
async function resolveInclude(ctx: FactContext, pattern: string): Promise<string[]> {
  if (!pattern.startsWith('/')) return [];
  if (/[*?[]/.test(pattern)) return ctx.target.glob(pattern);
  const st = await ctx.target.stat(pattern);
  if (st.ok && st.info.type === 'dir') {
    const d = await ctx.target.readDir(pattern);
    if (!d.ok) return [];
    return d.entries.filter((e) => e.type === 'file' && !e.name.startsWith('.')).map((e) => posix.join(pattern, e.name)).sort();
  }
  return [pattern];
}

function octal(v: string | undefined): number | null {
  return v !== undefined && /^0?[0-7]{3,4}$/.test(v.trim()) ? parseInt(v.trim(), 8) : null;
}

const TLS_DRIVERS = new Set(['gtls', 'ossl', 'mbedtls']);

/** Target and port of a legacy `@host:port` / `@@(o)host:port;Template` action. */
function legacyTarget(spec: string): { target: string; port: string | null } {
  const s = spec.replace(/^\([^)]*\)/, '').split(';')[0]!.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?/.exec(s);
  if (v6) return { target: v6[1]!, port: v6[2] ?? null };
  const m = /^([^:]+)(?::(\d+))?/.exec(s);
  return { target: m?.[1] ?? s, port: m?.[2] ?? null };
}

function interpret(statements: RsyslogStatement[]): Omit<RsyslogFacts, 'installed' | 'files' | 'statements'> {
  // Global settings: the last value anywhere in the configuration applies.
  let defaultDriver = 'ptcp';
  let umask: number | null = null;
  let moduleFileMode = 0o644;
  const templates = new Map<string, string>();
  for (const st of statements) {
    if (st.kind === 'directive') {
      if (st.name === 'defaultnetstreamdriver') defaultDriver = st.value.toLowerCase();
      if (st.name === 'umask') umask = octal(st.value);
      if (st.name === 'template') {
        const m = /^([^,\s]+)\s*,\s*"((?:[^"\\]|\\.)*)"/.exec(st.value);
        if (m) templates.set(m[1]!.toLowerCase(), m[2]!);
      }
    }
    if (st.kind === 'object') {
      if (st.type === 'global') {
        const d = paramString(st, 'defaultnetstreamdriver');
        if (d) defaultDriver = d.toLowerCase();
        const u = octal(paramString(st, 'umask'));
        if (u !== null) umask = u;
      }
      if (st.type === 'module' && /^(builtin:)?omfile$/i.test(paramString(st, 'load') ?? '')) {
        const m = octal(paramString(st, 'filecreatemode'));
        if (m !== null) moduleFileMode = m;
      }
      if (st.type === 'template') {
        const name = paramString(st, 'name');
        const text = st.templateParts ? st.templateParts.join('') : paramString(st, 'string');
        if (name && text !== undefined) templates.set(name.toLowerCase(), text);
      }
    }
  }
  const withUmask = (mode: number) => mode & ~(umask ?? 0o022) & 0o7777;

  const forwards: LogForward[] = [];
  const fileActions: LogFileAction[] = [];
  const networkInputs: RsyslogFacts['networkInputs'] = [];
  const modules: string[] = [];
  // Legacy per-action settings, applying to the legacy actions that follow.
  let sendMode = '0';
  let sendAuth = 'anon';
  let sendDriver: string | null = null;
  let legacyFileMode = 0o644;
  let legacyModeSource: SourceLine | null = null;

  const addOmfwd = (o: RsyslogObject) => {
    const protocol = (paramString(o, 'protocol') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    const driver = (paramString(o, 'streamdriver') ?? paramString(o, 'streamdriver.name') ?? defaultDriver).toLowerCase();
    const mode = paramString(o, 'streamdrivermode') ?? '0';
    const tls = protocol === 'tcp' && TLS_DRIVERS.has(driver) && mode === '1';
    const targets = o.params.target?.value ?? '';
    for (const target of Array.isArray(targets) ? targets : [targets]) {
      forwards.push({ module: 'omfwd', protocol, target, port: paramString(o, 'port') ?? null, tls, authMode: (paramString(o, 'streamdriverauthmode') ?? 'anon').toLowerCase(), source: o.source });
    }
  };

  for (const st of statements) {
    if (st.kind === 'directive') {
      const v = st.value.trim();
      if (st.name === 'actionsendstreamdrivermode') sendMode = v;
      if (st.name === 'actionsendstreamdriverauthmode') sendAuth = v.toLowerCase();
      if (st.name === 'actionsendstreamdriver') sendDriver = v.toLowerCase();
      if (st.name === 'filecreatemode' && octal(v) !== null) {
        legacyFileMode = octal(v)!;
        legacyModeSource = st.source;
      }
      if (st.name === 'resetconfigvariables') {
        sendMode = '0';
        sendAuth = 'anon';
        sendDriver = null;
        legacyFileMode = 0o644;
        legacyModeSource = null;
      }
      if (st.name === 'modload') modules.push(v.toLowerCase());
      if (/^(udpserverrun|inputtcpserverrun|inputrelpserverrun|inputptcpserverrun|inputgssserverrun)$/.test(st.name))
        networkInputs.push({ module: st.name, source: st.source });
      continue;
    }
    if (st.kind === 'object') {
      if (st.type === 'module') {
        const load = paramString(st, 'load');
        if (load) modules.push(load.toLowerCase());
      }
      if (st.type === 'input') {
        const t = (paramString(st, 'type') ?? '').toLowerCase();
        if (/^(imudp|imtcp|imptcp|imrelp|imgssapi)$/.test(t)) networkInputs.push({ module: t, source: st.source });
      }
      if (st.type !== 'action') continue;
      const type = (paramString(st, 'type') ?? '').toLowerCase();
      if (type === 'omfwd') addOmfwd(st);
      if (type === 'omrelp') {
        const tls = (paramString(st, 'tls') ?? 'off').toLowerCase() === 'on';
        forwards.push({ module: 'omrelp', protocol: 'relp', target: paramString(st, 'target') ?? '', port: paramString(st, 'port') ?? null, tls, authMode: (paramString(st, 'tls.authmode') ?? 'anon').toLowerCase(), source: st.source });
      }
      if (type === 'omfile') {
        const file = paramString(st, 'file');
        const dyna = paramString(st, 'dynafile');
        const mode = withUmask(octal(paramString(st, 'filecreatemode')) ?? moduleFileMode);
        if (file) fileActions.push({ path: file, dynamic: false, createMode: mode, existingMode: null, source: st.source, modeSource: null });
        else if (dyna) fileActions.push({ path: templates.get(dyna.toLowerCase()) ?? `%${dyna}%`, dynamic: true, createMode: mode, existingMode: null, source: st.source, modeSource: null });
      }
      continue;
    }
    const a = st.action;
    const fwd = /^(@@?)(.*)$/.exec(a);
    if (fwd) {
      const tcp = fwd[1] === '@@';
      const driver = sendDriver ?? defaultDriver;
      const { target, port } = legacyTarget(fwd[2]!);
      forwards.push({ module: 'omfwd', protocol: tcp ? 'tcp' : 'udp', target, port, tls: tcp && TLS_DRIVERS.has(driver) && sendMode === '1', authMode: sendAuth, source: st.source });
      continue;
    }
    const relp = /^:omrelp:([^;]*)/i.exec(a);
    if (relp) {
      const { target, port } = legacyTarget(relp[1]!);
      forwards.push({ module: 'omrelp', protocol: 'relp', target, port, tls: false, authMode: 'anon', source: st.source });
      continue;
    }
    const file = /^-?(\/[^;]*)/.exec(a);
    if (file) {
      fileActions.push({ path: file[1]!.trim(), dynamic: false, createMode: withUmask(legacyFileMode), existingMode: null, source: st.source, modeSource: legacyModeSource });
      continue;
    }
    const dyn = /^-?\?([^;\s]+)/.exec(a);
    if (dyn) {
      const name = dyn[1]!.toLowerCase();
      fileActions.push({ path: templates.get(name) ?? `%${name}%`, dynamic: true, createMode: withUmask(legacyFileMode), existingMode: null, source: st.source, modeSource: legacyModeSource });
    }
  }
  return { forwards, fileActions, networkInputs, modules };
}

async function collect(ctx: FactContext): Promise<RsyslogFacts> {
  const files: string[] = [];
  const statements: RsyslogStatement[] = [];
  const main = await ctx.target.stat(RSYSLOG_CONF);
  if (!main.ok) return { installed: false, files, statements, forwards: [], fileActions: [], networkInputs: [], modules: [] };
  await expand(ctx, RSYSLOG_CONF, 0, files, statements);
  const result = interpret(statements);
  await statExisting(ctx, result.fileActions);
  return { installed: true, files, statements, ...result };
}

/** Fills `existingMode` of fixed-path file actions from the files on the target. */
export async function statExisting(ctx: FactContext, actions: LogFileAction[]): Promise<void> {
  for (const a of actions) {
    if (a.dynamic || !a.path.startsWith('/') || a.path.startsWith('/dev/')) continue;
    const st = await ctx.target.lstat(a.path);
    if (st.ok && st.info.type === 'file') a.existingMode = st.info.mode & 0o7777;
  }
}

export default defineFact<'rsyslog', RsyslogFacts>({
  name: 'rsyslog',
  description: 'rsyslog configuration with includes expanded: forwarding actions and their TLS settings, file actions and modes, network inputs.',
  collect,
});
