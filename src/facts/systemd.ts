/**
 * What a host starts at boot and how: systemd units and their enablement, SysV init
 * scripts, inetd/xinetd entries, and the few daemon settings that decide whether an
 * enabled mail or FTP server faces the network.
 *
 * Offline, enablement is read the way `systemctl is-enabled` reads it: a unit is enabled
 * when a symlink to it sits in a `*.wants/` or `*.requires/` directory (or an alias
 * symlink) under /etc/systemd/system or /run/systemd/system; vendor `*.wants/` links under
 * /usr/lib are "static". A symlink to /dev/null in a higher-priority directory masks the
 * unit. Vendor presets are not enablement. On a live host, `systemctl list-unit-files`
 * adds what generators and runtime state know.
 *
 * Admin-written service units (regular files in /etc/systemd/system and
 * /usr/local/lib/systemd/system, except those snapd generates) are parsed with their
 * drop-ins for the hardening rules.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { orderDropIns } from '../parsers/systemd-ini/dropins.ts';
import { lastValue, parseSystemdIni, type IniFile } from '../parsers/systemd-ini/systemd-ini.ts';
import { splitLines, type SourceLine } from '../parsers/types.ts';
import type { Target } from '../target/target.ts';

/** Unit directories of the system manager, highest priority first. */
export const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'] as const;
/** Directories whose `.wants/` links mean "enabled" (the others mean "static"). */
const ADMIN_DIRS = new Set(['/etc/systemd/system', '/run/systemd/system']);
/** Directories holding admin-written units. */
const CUSTOM_DIRS = new Set(['/etc/systemd/system', '/usr/local/lib/systemd/system']);
const UNIT_SUFFIX = /\.(service|socket|timer|target|path|mount|automount|swap|slice|scope|device)$/;
const SYSTEMCTL_TIMEOUT_MS = 10_000;

/** Where a unit file was found. */
export interface UnitFile {
  name: string;
  /** Path of the file or link found first in the search path. */
  path: string;
  dir: string;
  /** file: a unit file; masked: a link to /dev/null; alias: a link to a unit of another name. */
  kind: 'file' | 'masked' | 'alias';
  /** For an alias: the unit name it points to. */
  aliasOf?: string;
}

/** Why a unit counts as enabled. */
export interface Enablement {
  kind: 'wants' | 'requires' | 'alias' | 'static' | 'sysv' | 'systemctl';
  /** The link, rc script or "systemctl" that shows it. */
  path: string;
}

/** A SysV init script in /etc/init.d. */
export interface SysvScript {
  name: string;
  path: string;
  /** The unit systemd-sysv-generator would create ("hwclock.sh" -> "hwclock.service"). */
  unitName: string;
  /** A native unit (file, alias or mask) of that name exists, so systemd ignores the script. */
  hasUnit: boolean;
  /** Start links in /etc/rc2.d .. /etc/rc5.d. */
  startLinks: string[];
}

/** A service started by inetd or xinetd. */
export interface InetdService {
  daemon: 'inetd' | 'xinetd';
  /** Service name ("telnet", "shell", "login", "exec", "tftp", "ftp", ...). */
  service: string;
  /** Server program, when given. */
  server: string;
  enabled: boolean;
  source: SourceLine;
}

/** An admin-written service unit with its main file and drop-ins, in the order systemd applies them. */
export interface CustomUnit {
  name: string;
  path: string;
  files: IniFile[];
}

/** A setting of a daemon's configuration file: its value, or the built-in default. */
export interface DaemonSetting {
  value: string;
  /** Null when the value is the built-in default. */
  source: SourceLine | null;
}

export interface MailFtpConfig {
  /**
   * /etc/postfix/main.cf inet_interfaces, and the active `inet` services of master.cf
   * (null when master.cf cannot be read: postfix then cannot start either).
   */
  postfix?: { inetInterfaces: DaemonSetting; inetServices: SourceLine[] | null; mainCf: string };
  /** /etc/exim4/update-exim4.conf.conf dc_local_interfaces. */
  exim4?: { localInterfaces: DaemonSetting; file: string };
  /** /etc/smtpd.conf listen directives. */
  opensmtpd?: { listens: { on: string; source: SourceLine }[]; file: string };
  /** /etc/vsftpd.conf settings. */
  vsftpd?: { anonymous: DaemonSetting; ssl: DaemonSetting; forceLocalLoginsSsl: DaemonSetting; file: string };
  /** proftpd: an active <Anonymous> block, and TLSRequired. */
  proftpd?: { anonymous: SourceLine | null; tlsRequired: SourceLine | null; file: string };
  /** pure-ftpd (Debian's one-file-per-option directory). */
  pureftpd?: { noAnonymous: DaemonSetting; tls: DaemonSetting; dir: string };
}

export interface SystemdFacts {
  /** systemd is installed (its manager binary exists). */
  present: boolean;
  /** Units found in the search path, by name. */
  units: Map<string, UnitFile>;
  /** The default target ("graphical.target"), when known. */
  defaultTarget: { name: string; path: string } | null;
  /** Enabled units (resolved through aliases) with the reasons. */
  enabled: Map<string, Enablement[]>;
  sysv: SysvScript[];
  inetd: InetdService[];
  custom: CustomUnit[];
  daemons: MailFtpConfig;
  /** systemctl was asked (live host) and answered. */
  live: boolean;
  /** The unit is masked. */
  isMasked(name: string): boolean;
  /** Why the unit (or its SysV script, when it has no native unit) starts at boot; empty when it does not. */
  enabledVia(name: string): Enablement[];
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dirname = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

/** Resolves a symlink's text against the directory of the link (inside the target). */
function resolveLink(linkPath: string, text: string): string {
  if (text.startsWith('/')) return text;
  const parts = dirname(linkPath).split('/');
  for (const c of text.split('/')) {
    if (c === '..') parts.pop();
    else if (c !== '.' && c !== '') parts.push(c);
  }
  return parts.join('/') || '/';
}

/** Unit directories that are distinct on this tree (/lib is often a link to /usr/lib). */
async function unitDirs(target: Target): Promise<string[]> {
  const lib = await target.lstat('/lib');
  const merged = lib.ok && lib.info.type === 'symlink';
  return UNIT_DIRS.filter((d) => !(merged && d === '/lib/systemd/system'));
}

interface DirScan {
  dir: string;
  entries: { name: string; type: string; link?: string }[];
  wants: { kind: 'wants' | 'requires'; name: string; path: string; link?: string }[];
  dropInFiles: string[];
}

async function scanDir(target: Target, dir: string): Promise<DirScan | null> {
  const list = await target.readDir(dir);
  if (!list.ok) return null;
  const scan: DirScan = { dir, entries: [], wants: [], dropInFiles: [] };
  const links = await Promise.all(
    list.entries.map(async (e) => (e.type === 'symlink' && UNIT_SUFFIX.test(e.name) ? await target.readLink(`${dir}/${e.name}`) : null)),
  );
  list.entries.forEach((e, i) => {
    const l = links[i];
    scan.entries.push({ name: e.name, type: e.type, ...(l && l.ok ? { link: resolveLink(`${dir}/${e.name}`, l.target) } : {}) });
  });
  const subdirs = list.entries.filter((e) => e.type === 'dir' && (/\.(wants|requires)$/.test(e.name) || e.name.endsWith('.d')));
  await Promise.all(
    subdirs.map(async (sd) => {
      const path = `${dir}/${sd.name}`;
      const sub = await target.readDir(path);
      if (!sub.ok) return;
      if (sd.name.endsWith('.d')) {
        for (const f of sub.entries) if (f.name.endsWith('.conf') && f.type !== 'dir') scan.dropInFiles.push(`${path}/${f.name}`);
        return;
      }
      const kind = sd.name.endsWith('.wants') ? 'wants' : 'requires';
      const subLinks = await Promise.all(sub.entries.map((f) => (f.type === 'symlink' ? target.readLink(`${path}/${f.name}`) : null)));
      sub.entries.forEach((f, i) => {
        const l = subLinks[i];
        scan.wants.push({ kind, name: f.name, path: `${path}/${f.name}`, ...(l && l.ok ? { link: resolveLink(`${path}/${f.name}`, l.target) } : {}) });
      });
    }),
  );
  return scan;
}

/** Names of the drop-in directories systemd consults for a unit ("a-b-c.service" -> a-.service.d, a-b-.service.d, service.d). */
export function dropInDirNames(unit: string): string[] {
  const dot = unit.lastIndexOf('.');
  const stem = unit.slice(0, dot);
  const type = unit.slice(dot + 1);
  const names = [`${unit}.d`];
  const at = stem.indexOf('@');
  if (at !== -1 && at < stem.length - 1) names.push(`${stem.slice(0, at + 1)}.${type}.d`);
  const parts = stem.split('-');
  for (let i = parts.length - 1; i >= 1; i--) names.push(`${parts.slice(0, i).join('-')}-.${type}.d`);
  names.push(`${type}.d`);
  return names;
}

async function readUnitFiles(ctx: FactContext, paths: string[]): Promise<IniFile[]> {
  const out: IniFile[] = [];
  for (const r of await ctx.target.readFiles(paths)) {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseSystemdIni(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    out.push(parsed.model);
  }
  return out;
}

/** Parses `systemctl list-unit-files --no-legend` output into name -> state. */
export function parseListUnitFiles(out: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of splitLines(out)) {
    const [name, state] = line.trim().split(/\s+/);
    if (name && state && UNIT_SUFFIX.test(name)) states.set(name, state);
  }
  return states;
}

async function sysvScripts(ctx: FactContext, units: Map<string, UnitFile>): Promise<SysvScript[]> {
  const { target } = ctx;
  const initd = await target.readDir('/etc/init.d');
  if (!initd.ok) return [];
  const rc = await Promise.all(['/etc/rc2.d', '/etc/rc3.d', '/etc/rc4.d', '/etc/rc5.d'].map((d) => target.readDir(d)));
  const starts = new Map<string, string[]>();
  ['/etc/rc2.d', '/etc/rc3.d', '/etc/rc4.d', '/etc/rc5.d'].forEach((d, i) => {
    const r = rc[i]!;
    if (!r.ok) return;
    for (const e of r.entries) {
      const m = /^S\d\d(.+)$/.exec(e.name);
      if (m) starts.set(m[1]!, [...(starts.get(m[1]!) ?? []), `${d}/${e.name}`]);
    }
  });
  const skip = /^(README|skeleton|rc|rcS|\.depend\..*|.*\.dpkg-.*|.*\.ucf-.*|.*~|.*\.(bak|orig|save|swp))$/;
  return initd.entries
    .filter((e) => (e.type === 'file' || e.type === 'symlink') && !skip.test(e.name))
    .map((e) => {
      const unitName = `${e.name.replace(/\.sh$/, '')}.service`;
      return { name: e.name, path: `/etc/init.d/${e.name}`, unitName, hasUnit: units.has(unitName), startLinks: starts.get(e.name) ?? [] };
    });
}

/** inetd.conf: `service socktype proto wait user server args`; Debian's update-inetd comments entries out. */
export function parseInetdConf(text: string, file: string): InetdService[] {
  const out: InetdService[] = [];
  splitLines(text).forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) return;
    const f = l.split(/\s+/);
    if (f.length < 6) return;
    const service = f[0]!.replace(/^.*:/, ''); // "127.0.0.1:telnet" binds an address
    out.push({ daemon: 'inetd', service, server: f.slice(5).join(' '), enabled: true, source: { file, line: i + 1, text: raw } });
  });
  return out;
}

/** xinetd: `service name { attr = value ... }` blocks; a service runs unless `disable = yes`. */
export function parseXinetd(text: string, file: string): InetdService[] {
  const out: InetdService[] = [];
  let cur: InetdService | null = null;
  splitLines(text).forEach((raw, i) => {
    const l = raw.replace(/#.*$/, '').trim();
    if (l === '') return;
    const head = /^service\s+(\S+)/.exec(l);
    if (head) {
      cur = { daemon: 'xinetd', service: head[1]!, server: '', enabled: true, source: { file, line: i + 1, text: raw } };
      out.push(cur);
      return;
    }
    if (!cur) return;
    if (l.startsWith('}')) {
      cur = null;
      return;
    }
    const kv = /^(\w+)\s*[+-]?=\s*(.*)$/.exec(l);
    if (!kv) return;
    if (kv[1] === 'disable') cur.enabled = kv[2]!.trim().toLowerCase() !== 'yes';
    if (kv[1] === 'server') cur.server = kv[2]!.trim();
  });
  return out;
}

/** Reads `key = value` lines with `#` comments (and leading-blank continuations when asked). */
function keyValues(text: string, file: string, sep: RegExp, continuation: boolean): Map<string, DaemonSetting> {
  const out = new Map<string, DaemonSetting>();
  let last: DaemonSetting | null = null;
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    if (continuation && /^\s/.test(raw) && last) {
      last.value = `${last.value} ${raw.trim()}`;
      return;
    }
    const m = sep.exec(raw.trim());
    if (!m) return;
    last = { value: m[2]!.trim(), source: { file, line: i + 1, text: raw } };
    out.set(m[1]!.trim(), last);
  });
  return out;
}

const setting = (m: Map<string, DaemonSetting>, key: string, dflt: string): DaemonSetting => m.get(key) ?? { value: dflt, source: null };

async function daemonConfig(ctx: FactContext): Promise<MailFtpConfig> {
  const { target } = ctx;
  const files = ['/etc/postfix/main.cf', '/etc/postfix/master.cf', '/etc/exim4/update-exim4.conf.conf', '/etc/smtpd.conf', '/etc/vsftpd.conf', '/etc/proftpd/proftpd.conf'];
  const [mainCf, masterCf, exim, smtpd, vsftpd, proftpd] = await target.readFiles(files);
  const out: MailFtpConfig = {};
  if (mainCf?.ok) {
    const kv = keyValues(mainCf.text, mainCf.path, /^([A-Za-z0-9_]+)\s*=\s*(.*)$/, true);
    let inetServices: SourceLine[] | null = null;
    if (masterCf?.ok) {
      const found: SourceLine[] = [];
      splitLines(masterCf.text).forEach((raw, i) => {
        if (/^\s/.test(raw) || raw.startsWith('#')) return;
        const f = raw.trim().split(/\s+/);
        if (f[1] === 'inet') found.push({ file: masterCf.path, line: i + 1, text: raw });
      });
      inetServices = found;
    }
    out.postfix = { inetInterfaces: setting(kv, 'inet_interfaces', 'all'), inetServices, mainCf: mainCf.path };
  }
  if (exim?.ok) {
    const kv = keyValues(exim.text, exim.path, /^([A-Za-z0-9_]+)\s*=\s*(.*)$/, false);
    const li = kv.get('dc_local_interfaces');
    out.exim4 = { localInterfaces: li ? { value: li.value.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'), source: li.source } : { value: '', source: null }, file: exim.path };
  }
  if (smtpd?.ok) {
    const listens: { on: string; source: SourceLine }[] = [];
    splitLines(smtpd.text).forEach((raw, i) => {
      const m = /^\s*listen\s+on\s+(\S+)/.exec(raw);
      if (m) listens.push({ on: m[1]!, source: { file: smtpd.path, line: i + 1, text: raw } });
    });
    out.opensmtpd = { listens, file: smtpd.path };
  }
  if (vsftpd?.ok) {
    const kv = keyValues(vsftpd.text, vsftpd.path, /^([A-Za-z0-9_]+)=(.*)$/, false);
    // vsftpd's compiled-in defaults (vsftpd.conf(5)): anonymous_enable YES, ssl_enable NO, force_local_logins_ssl YES.
    out.vsftpd = {
      anonymous: setting(kv, 'anonymous_enable', 'YES'),
      ssl: setting(kv, 'ssl_enable', 'NO'),
      forceLocalLoginsSsl: setting(kv, 'force_local_logins_ssl', 'YES'),
      file: vsftpd.path,
    };
  }
  if (proftpd?.ok) out.proftpd = await proftpdConfig(ctx, proftpd.path, proftpd.text);
  const pure = await target.readFiles(['/etc/pure-ftpd/conf/NoAnonymous', '/etc/pure-ftpd/conf/TLS']);
  const pureDir = await target.stat('/etc/pure-ftpd/conf');
  if (pureDir.ok) {
    const val = (i: number, dflt: string): DaemonSetting => {
      const r = pure[i]!;
      if (!r.ok) return { value: dflt, source: null };
      const line = splitLines(r.text)[0] ?? '';
      return { value: line.trim(), source: { file: r.path, line: 1, text: line } };
    };
    out.pureftpd = { noAnonymous: val(0, 'no'), tls: val(1, '0'), dir: '/etc/pure-ftpd/conf' };
  }
  return out;
}

/** proftpd.conf with its Include lines (one level of globbing, a bounded number of files). */
async function proftpdConfig(ctx: FactContext, path: string, text: string): Promise<NonNullable<MailFtpConfig['proftpd']>> {
  let anonymous: SourceLine | null = null;
  let tlsEngine = false;
  let tlsRequired: SourceLine | null = null;
  const queue: { path: string; text: string }[] = [{ path, text }];
  const seen = new Set<string>([path]);
  while (queue.length > 0 && seen.size <= 64) {
    const f = queue.shift()!;
    const includes: string[] = [];
    splitLines(f.text).forEach((raw, i) => {
      const l = raw.replace(/#.*$/, '').trim();
      const src = { file: f.path, line: i + 1, text: raw };
      if (/^<Anonymous\b/i.test(l)) anonymous ??= src;
      if (/^TLSEngine\s+on\b/i.test(l)) tlsEngine = true;
      if (/^TLSRequired\s+(on|both|ctrl\+data|auth\+data)\b/i.test(l)) tlsRequired = src;
      const inc = /^Include\s+(\S+)/i.exec(l);
      if (inc) includes.push(inc[1]!);
    });
    for (const inc of includes) {
      // A directory (trailing slash) includes every file in it; a pattern is globbed.
      const pattern = inc.endsWith('/') ? `${inc}*` : inc;
      const matches = /[*?[]/.test(pattern) ? await ctx.target.glob(pattern) : [pattern];
      for (const m of matches) {
        if (seen.has(m)) continue;
        seen.add(m);
        const r = await ctx.target.readFile(m);
        if (r.ok) queue.push({ path: r.path, text: r.text });
      }
    }
  }
  return { anonymous, tlsRequired: tlsEngine ? tlsRequired : null, file: path };
}

async function collect(ctx: FactContext): Promise<SystemdFacts> {
  const { target } = ctx;
  const dirs = await unitDirs(target);
  const scans = (await Promise.all(dirs.map((d) => scanDir(target, d)))).filter((s): s is DirScan => s !== null);
  const bins = await Promise.all(['/lib/systemd/systemd', '/usr/lib/systemd/systemd'].map((p) => target.stat(p)));
  const present = bins.some((b) => b.ok);

  // Unit files: the first directory that has a name wins.
  const units = new Map<string, UnitFile>();
  for (const s of scans)
    for (const e of s.entries) {
      if (!UNIT_SUFFIX.test(e.name) || units.has(e.name)) continue;
      if (e.type !== 'file' && e.type !== 'symlink') continue;
      const path = `${s.dir}/${e.name}`;
      if (e.type === 'symlink') {
        if (e.link === '/dev/null') units.set(e.name, { name: e.name, path, dir: s.dir, kind: 'masked' });
        else if (e.link && basename(e.link) !== e.name) units.set(e.name, { name: e.name, path, dir: s.dir, kind: 'alias', aliasOf: basename(e.link) });
        else units.set(e.name, { name: e.name, path, dir: s.dir, kind: 'file' });
      } else units.set(e.name, { name: e.name, path, dir: s.dir, kind: 'file' });
    }
  const resolve = (name: string): string => {
    let n = name;
    for (let i = 0; i < 8; i++) {
      const u = units.get(n);
      if (u?.kind !== 'alias' || !u.aliasOf) break;
      n = u.aliasOf;
    }
    return n;
  };

  const enabled = new Map<string, Enablement[]>();
  const add = (name: string, e: Enablement) => {
    const real = resolve(name);
    enabled.set(real, [...(enabled.get(real) ?? []), e]);
  };
  for (const s of scans) {
    const admin = ADMIN_DIRS.has(s.dir);
    for (const w of s.wants) {
      if (!UNIT_SUFFIX.test(w.name)) continue;
      // A wants link names the unit it pulls in; a link to another name pulls in that unit.
      const name = w.link && w.link !== '/dev/null' && basename(w.link) !== w.name && units.has(basename(w.link)) ? basename(w.link) : w.name;
      add(name, { kind: admin ? w.kind : 'static', path: w.path });
    }
    // Alias links in an admin directory (display-manager.service -> gdm3.service) enable their target.
    if (admin)
      for (const e of s.entries)
        if (e.type === 'symlink' && e.link && e.link !== '/dev/null' && UNIT_SUFFIX.test(e.name) && basename(e.link) !== e.name)
          add(basename(e.link), { kind: 'alias', path: `${s.dir}/${e.name}` });
  }

  let defaultTarget: SystemdFacts['defaultTarget'] = null;
  for (const s of scans) {
    const d = s.entries.find((e) => e.name === 'default.target');
    if (d) {
      defaultTarget = { name: d.link ? basename(d.link) : 'default.target', path: `${s.dir}/default.target` };
      break;
    }
  }

  let live = false;
  if (target.capabilities.exec) {
    const r = await target.exec('systemctl', ['list-unit-files', '--no-legend', '--no-pager'], { timeoutMs: SYSTEMCTL_TIMEOUT_MS });
    if (r.ok && r.exitCode === 0) {
      live = true;
      for (const [name, state] of parseListUnitFiles(r.stdout))
        if (state === 'enabled' || state === 'enabled-runtime') {
          const real = resolve(name);
          if (!enabled.has(real)) add(name, { kind: 'systemctl', path: 'systemctl list-unit-files' });
        } else if ((state === 'masked' || state === 'masked-runtime') && !units.has(name)) {
          units.set(name, { name, path: 'systemctl list-unit-files', dir: '', kind: 'masked' });
        }
    }
  }

  const sysv = await sysvScripts(ctx, units);

  // inetd and xinetd entries.
  const inetd: InetdService[] = [];
  const inetdConf = await target.readFile('/etc/inetd.conf');
  if (inetdConf.ok) inetd.push(...parseInetdConf(inetdConf.text, inetdConf.path));
  const xinetdFiles = ['/etc/xinetd.conf', ...(await target.glob('/etc/xinetd.d/*')).filter((p) => !/(\.dpkg-\w+|~|\.(bak|save|orig))$/.test(p))];
  for (const r of await target.readFiles(xinetdFiles)) if (r.ok) inetd.push(...parseXinetd(r.text, r.path));

  // Admin-written service units with their drop-ins.
  const allDropIns = scans.flatMap((s) => s.dropInFiles);
  const custom: CustomUnit[] = [];
  const customFiles = [...units.values()].filter((u) => u.kind === 'file' && CUSTOM_DIRS.has(u.dir) && u.name.endsWith('.service'));
  const isRegular = new Map<string, boolean>();
  for (const s of scans) for (const e of s.entries) isRegular.set(`${s.dir}/${e.name}`, e.type === 'file');
  for (const u of customFiles) {
    if (!isRegular.get(u.path)) continue; // a link into /usr/lib is a packaged unit, not an admin-written one
    const dropDirs = dirs.flatMap((d) => dropInDirNames(u.name).map((n) => `${d}/${n}`));
    const order = orderDropIns(allDropIns, dropDirs);
    const files = await readUnitFiles(ctx, [u.path, ...order]);
    // Units snapd writes (X-Snappy=yes) run under snap confinement, not as plain services.
    if (files[0]?.file !== u.path || lastValue(files, 'Unit', 'X-Snappy')?.value === 'yes') continue;
    custom.push({ name: u.name, path: u.path, files });
  }

  const daemons = await daemonConfig(ctx);

  const isMasked = (name: string) => units.get(name)?.kind === 'masked';
  const enabledVia = (name: string): Enablement[] => {
    const real = resolve(name);
    if (isMasked(name) || isMasked(real)) return [];
    const via = enabled.get(real) ?? [];
    if (via.length > 0) return via;
    const script = sysv.find((s) => s.unitName === name || s.name === name.replace(/\.service$/, ''));
    if (script && !script.hasUnit && script.startLinks.length > 0) return script.startLinks.map((p) => ({ kind: 'sysv' as const, path: p }));
    return [];
  };

  return { present, units, defaultTarget, enabled, sysv, inetd, custom, daemons, live, isMasked, enabledVia };
}

export default defineFact<'systemd', SystemdFacts>({
  name: 'systemd',
  description: 'Units and their enablement (wants links, aliases, masks, systemctl on live hosts), SysV scripts, inetd/xinetd services, admin-written units with drop-ins, and mail/FTP daemon exposure settings.',
  collect,
});
