/**
 * The OpenSSH server: its effective configuration as sshd itself computes it (Include,
 * first value wins, Match blocks, Debian 12's compiled-in defaults), where it listens,
 * and the ownership and modes of /etc/ssh, every file in it, the files the configuration
 * names (host keys, certificates, included files) and the programs it runs
 * (AuthorizedKeysCommand, AuthorizedPrincipalsCommand).
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import {
  DEFAULT_HOST_KEYS,
  SSHD_CONFIG,
  SSHD_DIR,
  SshdConfig,
  includePatterns,
  type EffectiveValue,
  type MatchBlock,
  type ResolvedValue,
} from '../parsers/sshd/config.ts';
import type { ConnectionSpec } from '../parsers/sshd/match.ts';
import { parseSshdConfig, type SshdConfigFile } from '../parsers/sshd/parser.ts';
import { argvSplit } from '../parsers/sshd/tokenize.ts';
import { compareNames } from '../target/glob.ts';
import type { FileInfo, Target } from '../target/target.ts';
import type { Listener } from './_listener.ts';

export const SSHD_BINARY = '/usr/sbin/sshd';

/** Why garrison looked at a file. */
export type SshdFileRole =
  | 'directory' // /etc/ssh or a directory under it
  | 'command-directory' // a directory on the path of a command
  | 'config' // read by sshd: sshd_config, included files
  | 'host-key' // private host key
  | 'host-key-public'
  | 'host-certificate'
  | 'key-list' // TrustedUserCAKeys, RevokedKeys
  | 'command' // AuthorizedKeysCommand / AuthorizedPrincipalsCommand program
  | 'other'; // anything else under /etc/ssh

export interface SshdFile {
  path: string;
  roles: SshdFileRole[];
  /** lstat of the path. */
  info: FileInfo;
  /** For a symbolic link: stat of what it points to (inside the target), when it exists. */
  resolved?: FileInfo;
}

/** A program sshd runs, from AuthorizedKeysCommand or AuthorizedPrincipalsCommand. */
export interface SshdCommand {
  keyword: 'authorizedkeyscommand' | 'authorizedprincipalscommand';
  /** The program (first word of the command). */
  path: string;
  /** The user sshd runs it as (the matching ...CommandUser), "none" when unset. */
  user: string;
  source: SourceLine;
  block?: MatchBlock;
}

export interface SshdFacts {
  /** /etc/ssh/sshd_config exists (sshd cannot start without it). */
  installed: boolean;
  /** /usr/sbin/sshd exists. */
  binary: boolean;
  mainConfig: string;
  /** The effective configuration; null when not installed or the main file could not be read. */
  config: SshdConfig | null;
  /** Global value then each Match block's own value (empty when there is no configuration). */
  effective(keyword: string): EffectiveValue[];
  /** The value for connections a Match block applies to (null: ordinary connections). */
  valueIn(keyword: string, block: MatchBlock | null): ResolvedValue | null;
  /** The value for one connection, as `sshd -T -C`. */
  valueFor(keyword: string, conn: ConnectionSpec): ResolvedValue | null;
  listens: Listener[];
  /** /etc/ssh and everything in it, plus the files the configuration names. */
  files: SshdFile[];
  commands: SshdCommand[];
  /** Host key files sshd loads (private halves). */
  hostKeys: string[];
  /** uid -> user name and gid -> group name from the target's /etc/passwd and /etc/group. */
  userNames: ReadonlyMap<number, string>;
  groupNames: ReadonlyMap<number, string>;
}

/** Bounds that keep a hostile tree from making the audit slow. */
const MAX_CONFIG_FILES = 512;
const MAX_TREE_ENTRIES = 4096;

export default defineFact<'sshd', SshdFacts>({
  name: 'sshd',
  description: 'OpenSSH server: effective sshd_config (Include, Match, defaults), listeners, files under /etc/ssh and those it names',
  async collect(ctx) {
    const { target } = ctx;
    const [binary, names] = await Promise.all([exists(target, SSHD_BINARY), readNames(target)]);
    const main = await target.readFile(SSHD_CONFIG);
    const base = { binary, mainConfig: SSHD_CONFIG, userNames: names.users, groupNames: names.groups };
    if (!main.ok && main.error.code === 'ENOENT') return emptyFacts({ ...base, installed: false });
    if (!main.ok) {
      ctx.diagnostic({ path: SSHD_CONFIG, message: `cannot read the sshd configuration: ${main.error.message}` });
      return emptyFacts({ ...base, installed: true });
    }
    const config = await loadConfig(ctx, main.text, main.truncated);
    const hostKeys = await hostKeyPaths(target, config);
    const commands = commandsOf(config);
    const files = await collectFiles(target, config, hostKeys, commands);
    const listens: Listener[] = config.listeners().map((l) => ({
      service: 'sshd',
      protocol: 'tcp',
      address: l.address,
      port: l.port,
      origin: 'config',
      ...(l.source ? { source: l.source } : {}),
    }));
    return {
      ...base,
      installed: true,
      config,
      effective: (k) => config.effective(k),
      valueIn: (k, b) => config.valueIn(k, b),
      valueFor: (k, c) => config.value(k, c),
      listens,
      files,
      commands,
      hostKeys,
    };
  },
});

function emptyFacts(base: Pick<SshdFacts, 'installed' | 'binary' | 'mainConfig' | 'userNames' | 'groupNames'>): SshdFacts {
  return { ...base, config: null, effective: () => [], valueIn: () => null, valueFor: () => null, listens: [], files: [], commands: [], hostKeys: [] };
}

async function exists(target: Target, path: string): Promise<boolean> {
  return (await target.stat(path)).ok;
}

/**
 * Reads the main file and, level by level, every file its Include lines name (glob(3)
 * order: sorted byte-wise), then computes the effective configuration.
 */
async function loadConfig(ctx: FactContext, mainText: string, truncated: boolean): Promise<SshdConfig> {
  const { target } = ctx;
  const files = new Map<string, SshdConfigFile | null>();
  const globs = new Map<string, string[]>();
  const errors: ParseError[] = [];
  const parse = (path: string, text: string, cut: boolean) => {
    const r = parseSshdConfig(text, path);
    errors.push(...r.errors);
    if (cut) ctx.diagnostic({ path, message: 'file too large: only its beginning was read' });
    files.set(path, r.model);
  };
  parse(SSHD_CONFIG, mainText, truncated);
  let pending = [SSHD_CONFIG];
  while (pending.length > 0) {
    const next: string[] = [];
    for (const path of pending) {
      for (const pattern of includePatterns(files.get(path) ?? { file: path, directives: [] })) {
        if (globs.has(pattern)) continue;
        // Without GLOB_TILDE, glob(3) takes "~" literally: such a pattern matches nothing.
        const found = pattern.startsWith('/') ? (await target.glob(pattern)).sort(compareNames) : [];
        globs.set(pattern, found);
        for (const f of found) if (!files.has(f) && !next.includes(f) && files.size + next.length < MAX_CONFIG_FILES) next.push(f);
      }
    }
    const infos = await Promise.all(next.map((p) => target.stat(p)));
    const regular = next.filter((p, i) => {
      const st = infos[i]!;
      // A directory reads as an empty file for sshd (fopen works, reading fails at once).
      if (st.ok && st.info.type === 'dir') {
        files.set(p, { file: p, directives: [] });
        return false;
      }
      if (!st.ok || st.info.type !== 'file') {
        files.set(p, null);
        ctx.diagnostic({ path: p, message: st.ok ? `included ${st.info.type} is not a regular file: not read` : `cannot read included file: ${st.error.message}` });
        return false;
      }
      return true;
    });
    const reads = await target.readFiles(regular);
    reads.forEach((r, i) => {
      const p = regular[i]!;
      if (r.ok) parse(p, r.text, r.truncated);
      else {
        files.set(p, null);
        ctx.diagnostic({ path: p, message: `cannot read included file: ${r.error.message}` });
      }
    });
    pending = regular.filter((p) => files.get(p));
  }
  const config = new SshdConfig({ main: SSHD_CONFIG, files, globs });
  ctx.parseErrors([...errors, ...config.errors]);
  return config;
}

/** The private host keys sshd loads: the HostKey lines, or the default keys that exist. */
async function hostKeyPaths(target: Target, config: SshdConfig): Promise<string[]> {
  const hk = config.value('hostkey');
  if (hk.source) return hk.values.filter((p) => p !== 'none');
  const st = await Promise.all(DEFAULT_HOST_KEYS.map((p) => target.stat(p)));
  return DEFAULT_HOST_KEYS.filter((_p, i) => st[i]!.ok);
}

/** AuthorizedKeysCommand and AuthorizedPrincipalsCommand programs, globally and per Match block. */
function commandsOf(config: SshdConfig): SshdCommand[] {
  const out: SshdCommand[] = [];
  for (const keyword of ['authorizedkeyscommand', 'authorizedprincipalscommand'] as const) {
    for (const v of config.effective(keyword)) {
      if (!v.source || v.value.toLowerCase() === 'none') continue;
      // sshd splits the command like a shell would (argv_split), quotes included.
      const program = argvSplit(v.value)?.[0] ?? v.value;
      const user = config.valueIn(`${keyword}user`, v.block ?? null).value;
      out.push({ keyword, path: program, user, source: v.source, ...(v.block ? { block: v.block } : {}) });
    }
  }
  return out;
}

/**
 * lstat of /etc/ssh and everything under it, of every configuration file read, of the
 * host keys, certificates and key lists, and of each command with its parent
 * directories (sshd requires them all root-owned and not writable by others).
 */
async function collectFiles(target: Target, config: SshdConfig, hostKeys: string[], commands: SshdCommand[]): Promise<SshdFile[]> {
  const roles = new Map<string, Set<SshdFileRole>>();
  const add = (path: string, role: SshdFileRole) => {
    let set = roles.get(path);
    if (!set) roles.set(path, (set = new Set()));
    set.add(role);
  };
  await walkTree(target, SSHD_DIR, add);
  for (const f of config.files) add(f, 'config');
  for (const k of hostKeys) {
    add(k, 'host-key');
    add(`${k}.pub`, 'host-key-public');
  }
  for (const c of config.value('hostcertificate').values) add(c, 'host-certificate');
  for (const kw of ['trustedusercakeys', 'revokedkeys']) {
    for (const v of config.effective(kw)) if (v.source && v.value !== 'none') add(v.value, 'key-list');
  }
  for (const c of commands) {
    add(c.path, 'command');
    for (let dir = parentOf(c.path); dir !== null; dir = parentOf(dir)) add(dir, 'command-directory');
  }
  // Keys named by the usual pattern are secret even when the configuration does not load them.
  for (const [path, set] of roles) {
    if (path.startsWith(`${SSHD_DIR}/`) && /\/ssh_host_[^/]*_key$/.test(path) && set.has('other')) {
      set.delete('other');
      set.add('host-key');
    }
    if (path.startsWith(`${SSHD_DIR}/`) && /\/ssh_host_[^/]*_key\.pub$/.test(path) && set.has('other')) {
      set.delete('other');
      set.add('host-key-public');
    }
    if (set.size > 1) set.delete('other');
  }
  const paths = [...roles.keys()];
  const stats = await Promise.all(paths.map((p) => target.lstat(p)));
  const out: SshdFile[] = [];
  for (let i = 0; i < paths.length; i++) {
    const st = stats[i]!;
    if (!st.ok) continue;
    const file: SshdFile = { path: paths[i]!, roles: [...roles.get(paths[i]!)!], info: st.info };
    if (st.info.type === 'symlink') {
      const t = await target.stat(paths[i]!);
      if (t.ok) file.resolved = t.info;
    }
    out.push(file);
  }
  return out.sort((a, b) => compareNames(a.path, b.path));
}

async function walkTree(target: Target, root: string, add: (path: string, role: SshdFileRole) => void): Promise<void> {
  const top = await target.lstat(root);
  if (!top.ok || top.info.type !== 'dir') return;
  add(root, 'directory');
  let seen = 0;
  const queue = [root];
  while (queue.length > 0 && seen < MAX_TREE_ENTRIES) {
    const dir = queue.shift()!;
    const list = await target.readDir(dir);
    if (!list.ok) continue;
    for (const e of list.entries) {
      if (++seen > MAX_TREE_ENTRIES) break;
      const p = `${dir}/${e.name}`;
      if (e.type === 'dir') {
        add(p, 'directory');
        queue.push(p);
      } else add(p, 'other');
    }
  }
}

function parentOf(path: string): string | null {
  if (path === '/' || !path.startsWith('/')) return null;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** uid and gid names from the target's own /etc/passwd and /etc/group (first field, third field). */
async function readNames(target: Target): Promise<{ users: Map<number, string>; groups: Map<number, string> }> {
  const [passwd, group] = await target.readFiles(['/etc/passwd', '/etc/group']);
  const table = (text: string | undefined) => {
    const m = new Map<number, string>();
    for (const line of (text ?? '').split('\n')) {
      const f = line.split(':');
      const id = Number(f[2]);
      if (f.length >= 3 && f[0] && /^\d+$/.test(f[2] ?? '') && !m.has(id)) m.set(id, f[0]);
    }
    return m;
  };
  return { users: table(passwd?.ok ? passwd.text : undefined), groups: table(group?.ok ? group.text : undefined) };
}
