/**
 * The effective sshd configuration, computed from parsed files the way OpenSSH 9.2 does
 * (servconf.c `parse_server_config_depth`, `process_server_config_line_depth`,
 * `copy_set_server_options`):
 *
 * - `Include` expands glob(3) patterns (sorted), relative paths against /etc/ssh, nested
 *   up to 16 levels; an included file starts in the Match state of the Include line and
 *   cannot change the Match state of the file that includes it.
 * - At start-up the global lines (and `Match all` blocks) are read, and for most keywords
 *   the first value wins; some collect every value (Port, ListenAddress, HostKey,
 *   AllowUsers, AcceptEnv, Subsystem, ...), a few take the last (MaxStartups, IPQoS).
 * - For a connection, the Match blocks it matches are read again in order, first value
 *   wins among them, and what they set replaces the global value.
 *
 * Pure: the files and the results of the glob patterns are given.
 */
import type { ParseError, SourceLine } from '../types.ts';
import { expandAlgorithms } from './algorithms.ts';
import { KEYWORDS, lookupKeyword, type KeywordSpec } from './keywords.ts';
import { matchesConnection, parseAddress, type ConnectionSpec, type MatchCondition } from './match.ts';
import { applyDirective, OptionState, type OptionValue } from './options.ts';
import type { SshdConfigFile, SshdDirective } from './parser.ts';

/** Where sshd looks for its configuration and resolves relative Include paths. */
export const SSHD_DIR = '/etc/ssh';
export const SSHD_CONFIG = '/etc/ssh/sshd_config';
/** servconf.c SERVCONF_MAX_DEPTH. */
export const MAX_INCLUDE_DEPTH = 16;
/** A bound on Include expansions, so that a file including itself twice cannot explode. */
const MAX_FILE_VISITS = 4096;

/** Host keys sshd uses when the configuration names none (those that exist). */
export const DEFAULT_HOST_KEYS: readonly string[] = [
  '/etc/ssh/ssh_host_rsa_key',
  '/etc/ssh/ssh_host_ecdsa_key',
  '/etc/ssh/ssh_host_ed25519_key',
];

/**
 * Compiled-in defaults of Debian 12's sshd, as `sshd -T` prints them. Debian's packaged
 * /etc/ssh/sshd_config changes some of them: it starts with
 * `Include /etc/ssh/sshd_config.d/*.conf` and sets `KbdInteractiveAuthentication no`,
 * `UsePAM yes`, `X11Forwarding yes`, `PrintMotd no`, `AcceptEnv LANG LC_*` and
 * `Subsystem sftp /usr/lib/openssh/sftp-server`; a host without that file is not running
 * sshd at all.
 */
export const DEFAULT_VALUES: Readonly<Record<string, string>> = {
  usepam: 'no',
  logingracetime: '120',
  x11displayoffset: '10',
  maxauthtries: '6',
  maxsessions: '10',
  clientaliveinterval: '0',
  clientalivecountmax: '3',
  requiredrsasize: '1024',
  streamlocalbindmask: '0177',
  unusedconnectiontimeout: 'none',
  permitrootlogin: 'without-password',
  ignorerhosts: 'yes',
  ignoreuserknownhosts: 'no',
  hostbasedauthentication: 'no',
  hostbasedusesnamefrompacketonly: 'no',
  pubkeyauthentication: 'yes',
  kerberosauthentication: 'no',
  kerberosorlocalpasswd: 'yes',
  kerberosticketcleanup: 'yes',
  gssapiauthentication: 'no',
  gssapicleanupcredentials: 'yes',
  gssapikeyexchange: 'no',
  gssapistrictacceptorcheck: 'yes',
  gssapistorecredentialsonrekey: 'no',
  passwordauthentication: 'yes',
  kbdinteractiveauthentication: 'yes',
  printmotd: 'yes',
  printlastlog: 'yes',
  x11forwarding: 'no',
  x11uselocalhost: 'yes',
  permittty: 'yes',
  permituserrc: 'yes',
  strictmodes: 'yes',
  tcpkeepalive: 'yes',
  permitemptypasswords: 'no',
  compression: 'yes',
  gatewayports: 'no',
  usedns: 'no',
  allowtcpforwarding: 'yes',
  allowagentforwarding: 'yes',
  disableforwarding: 'no',
  allowstreamlocalforwarding: 'yes',
  streamlocalbindunlink: 'no',
  fingerprinthash: 'SHA256',
  exposeauthinfo: 'no',
  pidfile: '/run/sshd.pid',
  modulifile: '/etc/ssh/moduli',
  xauthlocation: '/usr/bin/xauth',
  banner: 'none',
  forcecommand: 'none',
  chrootdirectory: 'none',
  trustedusercakeys: 'none',
  revokedkeys: 'none',
  securitykeyprovider: 'internal',
  authorizedprincipalsfile: 'none',
  versionaddendum: 'none',
  authorizedkeyscommand: 'none',
  authorizedkeyscommanduser: 'none',
  authorizedprincipalscommand: 'none',
  authorizedprincipalscommanduser: 'none',
  hostkeyagent: 'none',
  loglevel: 'INFO',
  syslogfacility: 'AUTH',
  addressfamily: 'any',
  permittunnel: 'no',
  permituserenvironment: 'no',
  maxstartups: '10:30:100',
  persourcemaxstartups: 'none',
  persourcenetblocksize: '32:128',
  ipqos: 'lowdelay throughput',
  authorizedkeysfile: '.ssh/authorized_keys .ssh/authorized_keys2',
  port: '22',
  debianbanner: 'yes',
  authenticationmethods: 'any',
  gssapikexalgorithms: 'gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-',
};

/** A Match block as written, with what it takes to apply. */
export interface MatchBlock {
  index: number;
  /** The text after `Match` ("User alice,bob Address 10.0.0.0/8"). */
  criteria: string;
  /** Null when the line is invalid (sshd refuses to start). */
  condition: MatchCondition | null;
  /**
   * The block an Include line sat in when this block's file was included: this block
   * only applies when that one does too.
   */
  parent: number | null;
  /** Applies to every connection (`Match all`, in a file not included from a narrower block). */
  universal: boolean;
  source: SourceLine;
}

/** An option's value for some connection (or at start-up). */
export interface ResolvedValue {
  keyword: string;
  /** Normalised as `sshd -T` prints it (algorithm lists expanded, joined by commas). */
  value: string;
  /** The words (the expanded algorithms, the collected users, ...). */
  values: string[];
  /** The line that decided it; absent for a compiled-in default. */
  source?: SourceLine;
  /** Every line that contributed. */
  sources: SourceLine[];
  /** The words as written on the deciding line (empty for a default). */
  args: string[];
  /** The Match block the value comes from, if any. */
  block?: MatchBlock;
}

/** What `effective()` lists: the value for ordinary connections, and each Match block's own. */
export interface EffectiveValue extends ResolvedValue {
  scope: 'global' | 'match';
}

/** What sshd will listen on, from Port, ListenAddress and AddressFamily. */
export interface ListenEntry {
  address: string;
  port: number;
  source?: SourceLine;
}

export interface SshdConfigInput {
  /** Path of the main file (`/etc/ssh/sshd_config`). */
  main: string;
  /** Parsed files by path; null when a file could not be read. */
  files: ReadonlyMap<string, SshdConfigFile | null>;
  /** Each absolute Include pattern and the paths it matched, sorted. */
  globs: ReadonlyMap<string, readonly string[]>;
}

interface Event {
  spec: KeywordSpec;
  directive: SshdDirective;
  block: number | null;
}

/** The absolute glob pattern sshd uses for one Include argument. */
export function includePattern(arg: string): string {
  return arg.startsWith('/') || arg.startsWith('~') ? arg : `${SSHD_DIR}/${arg}`;
}

/** The Include patterns of a file, resolved, in order. */
export function includePatterns(file: SshdConfigFile): string[] {
  return file.directives.filter((d) => d.keyword === 'include').flatMap((d) => d.args.filter((a) => a !== '').map(includePattern));
}

const SPEC_BY_NAME = new Map(KEYWORDS.map((k) => [k.name, k]));

/** Keywords `sshd -T` prints in a form garrison does not reproduce (sizes, QoS names, lists with defaults). */
const NOT_DUMPED = new Set([
  'rekeylimit', 'pubkeyauthoptions', 'gssapikexalgorithms', 'ipqos', 'setenv', 'channeltimeout', 'logverbose',
  'permitopen', 'permitlisten', 'debianbanner', 'hostcertificate',
]);

/** The effective configuration of one sshd. */
export class SshdConfig {
  /** Every file read, in the order sshd reads them (each once). */
  readonly files: string[] = [];
  readonly blocks: MatchBlock[] = [];
  /** Problems that make sshd refuse the configuration. */
  readonly errors: ParseError[] = [];
  private readonly events: Event[] = [];
  private readonly startup = new OptionState();
  private visits = 0;
  /** Values for ordinary connections, computed once. */
  private ordinary: Map<string, OptionValue> | undefined;
  /** The Match block (or null: global) of each directive line. */
  private readonly blockOf = new Map<SourceLine, number | null>();

  constructor(input: SshdConfigInput) {
    this.walk(input, input.main, 0, null);
    for (const b of this.blocks) b.universal = this.isUniversal(b);
    for (const e of this.events) {
      const active = e.block === null || this.active(e.block, {});
      const reject = (message: string) => this.error(e.directive.source, message);
      if (!active && !e.spec.inMatch) {
        reject(`Directive '${e.directive.written}' is not allowed within a Match block`);
        continue;
      }
      applyDirective(this.startup, this.input(e), active, reject);
    }
    for (const kw of ['authorizedkeyscommand', 'authorizedprincipalscommand']) {
      const cmd = this.startup.values.get(kw);
      if (cmd && cmd.value.toLowerCase() !== 'none' && !this.startup.values.has(`${kw}user`))
        this.error(cmd.source, `${kw} set without ${kw}user: sshd refuses to start`);
    }
  }

  /** The value of a keyword for a connection (default: one that no Match criterion singles out, as `sshd -T`). */
  value(keyword: string, conn: ConnectionSpec = {}): ResolvedValue {
    const name = canonical(keyword);
    return this.finish(name, this.resolve(conn).get(name));
  }

  /**
   * The value for connections a Match block applies to: lines read for every such
   * connection (the block itself, the blocks it is nested in, `Match all` blocks) in
   * order, first value wins, over the global value. Null: ordinary connections.
   */
  valueIn(keyword: string, block: MatchBlock | null): ResolvedValue {
    const name = canonical(keyword);
    if (block === null || !SPEC_BY_NAME.get(name)?.inMatch) return this.value(name);
    const mo = new OptionState();
    for (const e of this.events) {
      if (e.spec.name !== name || e.block === null) continue;
      const c = this.blocks[e.block]!;
      if (c.universal || this.isAncestorOrSelf(c.index, block)) applyDirective(mo, this.input(e), true, () => {});
    }
    const own = mo.values.get(name);
    return own ? this.finish(name, own) : this.value(name);
  }

  /**
   * The value for ordinary connections (global section and `Match all` blocks), then the
   * value each other Match block sets itself, leaving out blocks whose line an earlier
   * line always overrides.
   */
  effective(keyword: string): EffectiveValue[] {
    const name = canonical(keyword);
    const out: EffectiveValue[] = [{ ...this.value(name), scope: 'global' }];
    if (!SPEC_BY_NAME.get(name)?.inMatch) return out;
    for (const b of this.blocks) {
      if (b.universal || b.condition === null) continue;
      const v = this.valueIn(name, b);
      if (v.block?.index === b.index) out.push({ ...v, scope: 'match' });
    }
    return out;
  }

  /** Addresses and ports sshd binds, with the line that asks for each. */
  listeners(): ListenEntry[] {
    const ports = this.startup.values.get('port');
    const portList = ports ? ports.values.map((p, i) => ({ port: Number(p), source: ports.sources[i] })) : [{ port: 22, source: undefined }];
    const family = this.startup.values.get('addressfamily')?.value ?? 'any';
    const fits = (addr: string) => {
      const a = parseAddress(addr);
      if (!a || family === 'any') return true;
      return family === 'inet' ? a.bytes.length === 4 : a.bytes.length === 16;
    };
    const out: ListenEntry[] = [];
    const add = (address: string, port: number, source: SourceLine | undefined) => {
      if (fits(address)) out.push(source ? { address, port, source } : { address, port });
    };
    if (this.startup.listens.length === 0) {
      const wild = family === 'inet' ? ['0.0.0.0'] : family === 'inet6' ? ['::'] : ['0.0.0.0', '::'];
      for (const p of portList) for (const a of wild) add(a, p.port, p.source);
      return out;
    }
    for (const l of this.startup.listens) {
      const hosts = l.host === 'localhost' ? ['127.0.0.1', '::1'] : [l.host];
      for (const h of hosts) {
        if (l.port !== 0) add(h, l.port, l.source);
        else for (const p of portList) add(h, p.port, l.source);
      }
    }
    return out;
  }

  /**
   * The configuration as `sshd -T [-C spec]` prints it, for the keywords whose printing
   * garrison reproduces: keyword -> lines (one for most, several for repeated keywords).
   */
  dump(conn: ConnectionSpec = {}): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const spec of KEYWORDS) {
      if (NOT_DUMPED.has(spec.name) || ['ignored', 'rejected', 'include', 'match', 'listen'].includes(spec.kind)) continue;
      const v = this.value(spec.name, conn);
      if (spec.kind === 'append' || spec.kind === 'port' || spec.kind === 'hostkey' || spec.kind === 'subsystem') {
        if (v.values.length > 0) out.set(spec.name, v.values);
        continue;
      }
      if (v.source === undefined && DEFAULT_VALUES[spec.name] === undefined && spec.kind !== 'algorithms') continue;
      out.set(spec.name, [v.value]);
    }
    out.set(
      'listenaddress',
      this.listeners().map((l) => (l.address.includes(':') ? `[${l.address}]:${l.port}` : `${l.address}:${l.port}`)),
    );
    return out;
  }

  private finish(name: string, v: OptionValue | undefined): ResolvedValue {
    const spec = SPEC_BY_NAME.get(name);
    const blockIndex = v ? this.blockOf.get(v.source) : undefined;
    const block = blockIndex === undefined || blockIndex === null ? undefined : this.blocks[blockIndex];
    if (spec?.kind === 'algorithms') {
      const r = expandAlgorithms(spec.algorithms ?? 'cipher', v?.value);
      const list = 'list' in r ? r.list : [];
      return { keyword: name, value: list.join(','), values: list, sources: v?.sources ?? [], args: v?.args ?? [], ...(v ? { source: v.source } : {}), ...(block ? { block } : {}) };
    }
    if (v) return { keyword: name, value: v.value, values: v.values, source: v.source, sources: v.sources, args: v.args, ...(block ? { block } : {}) };
    if (name === 'hostkey') return { keyword: name, value: DEFAULT_HOST_KEYS.join(' '), values: [...DEFAULT_HOST_KEYS], sources: [], args: [] };
    const def = DEFAULT_VALUES[name];
    if (def === undefined) return { keyword: name, value: '', values: [], sources: [], args: [] };
    const spread = spec?.kind === 'firstLine' || spec?.kind === 'port';
    return { keyword: name, value: def, values: spread ? def.split(' ') : [def], sources: [], args: [] };
  }

  /** Start-up values, replaced by what the Match blocks that apply to `conn` set (copy_set_server_options). */
  private resolve(conn: ConnectionSpec): Map<string, OptionValue> {
    const blank = Object.keys(conn).length === 0;
    if (blank && this.ordinary) return this.ordinary;
    const mo = new OptionState();
    for (const e of this.events) if (e.block !== null && this.active(e.block, conn)) applyDirective(mo, this.input(e), true, () => {});
    const values = new Map(this.startup.values);
    for (const [k, v] of mo.values) if (SPEC_BY_NAME.get(k)?.inMatch) values.set(k, v);
    if (blank) this.ordinary = values;
    return values;
  }

  private input(e: Event) {
    return { spec: e.spec, args: e.directive.args, rest: e.directive.rest, source: e.directive.source };
  }

  /** True when block `index` is `b` or a block `b` is nested in. */
  private isAncestorOrSelf(index: number, b: MatchBlock): boolean {
    for (let cur: MatchBlock | undefined = b; cur; cur = cur.parent === null ? undefined : this.blocks[cur.parent]) if (cur.index === index) return true;
    return false;
  }

  private isUniversal(b: MatchBlock): boolean {
    if (!b.condition?.all) return false;
    return b.parent === null || this.isUniversal(this.blocks[b.parent]!);
  }

  private active(index: number, conn: ConnectionSpec): boolean {
    const b = this.blocks[index]!;
    if (b.condition === null || !matchesConnection(b.condition, conn)) return false;
    return b.parent === null || this.active(b.parent, conn);
  }

  private error(src: SourceLine, message: string): void {
    this.errors.push({ file: src.file, line: src.line, message });
  }

  private walk(input: SshdConfigInput, path: string, depth: number, context: number | null): void {
    if (++this.visits > MAX_FILE_VISITS) return;
    const file = input.files.get(path);
    if (!this.files.includes(path)) this.files.push(path);
    if (!file) return;
    let current = context;
    for (const d of file.directives) {
      const spec = d.keyword === null ? undefined : lookupKeyword(d.keyword);
      if (!spec) continue;
      if (spec.kind === 'match') {
        const index = this.blocks.length;
        this.blocks.push({ index, criteria: d.rest, condition: d.match ?? null, parent: context, universal: false, source: d.source });
        current = index;
        continue;
      }
      if (spec.kind === 'include') {
        this.include(input, d, depth, current);
        continue;
      }
      this.events.push({ spec, directive: d, block: current });
      this.blockOf.set(d.source, current);
    }
  }

  private include(input: SshdConfigInput, d: SshdDirective, depth: number, context: number | null): void {
    for (const arg of d.args) {
      if (arg === '') {
        this.error(d.source, 'keyword Include empty argument');
        return;
      }
      for (const path of input.globs.get(includePattern(arg)) ?? []) {
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
          this.error(d.source, 'Too many recursive configuration includes');
          return;
        }
        if (this.visits >= MAX_FILE_VISITS) {
          this.error(d.source, `more than ${MAX_FILE_VISITS} included files: Include loop`);
          return;
        }
        if (input.files.get(path) === null) this.error(d.source, `${path}: included file cannot be read`);
        this.walk(input, path, depth + 1, context);
      }
    }
  }
}

function canonical(keyword: string): string {
  return lookupKeyword(keyword)?.name ?? keyword.toLowerCase();
}
