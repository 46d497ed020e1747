/**
 * sudo's policy as sudoers(5) builds it: /etc/sudoers and every file it includes, in the
 * order sudo reads them (`@include`/`#include` in place, relative paths from the including
 * file's directory, `%h` as the short host name; `@includedir`/`#includedir` reads the
 * regular files of a directory in byte order, skipping names that end in `~` or contain a
 * `.`). User, Runas, Host and Cmnd aliases are expanded, so rules see each grant with the
 * principals, run-as users and commands it really names.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import {
  isAliasName,
  parseSudoers,
  type SudoersAliasType,
  type SudoersEntry,
  type SudoersItem,
  type SudoersRunas,
  type SudoersTagName,
} from '../parsers/sudoers/sudoers.ts';
import type { SourceLine } from '../parsers/types.ts';
import type { FileInfo } from '../target/target.ts';

export const SUDOERS = '/etc/sudoers';
/** sudo gives up on deeper nesting (it allows 128); a loop is reported long before. */
const MAX_DEPTH = 32;
const MAX_FILES = 512;

export interface SudoersFile {
  path: string;
  info: FileInfo;
  /** The include directive that brought it in; null for /etc/sudoers. */
  includedFrom: SourceLine | null;
}

export interface SudoersDir {
  path: string;
  info: FileInfo;
  /** Why it matters: an `includedir` target, or the directory holding a sudoers file. */
  role: 'includedir' | 'parent';
  /** The directive naming it (includedir), or the first file found in it (parent). */
  via: SourceLine | null;
}

/** A user item after alias expansion. */
export interface SudoersPrincipal {
  kind: 'all' | 'user' | 'uid' | 'group' | 'gid' | 'nonunix-group' | 'netgroup';
  /** User or group name, or the number for uid/gid; `ALL` for kind `all`. */
  name: string;
  negated: boolean;
}

export interface SudoGrant {
  /** Users the line names, User_Aliases expanded. */
  principals: SudoersPrincipal[];
  hosts: SudoersItem[];
  /** The host list matches this host (or cannot be ruled out: netgroups, addresses). */
  appliesHere: boolean;
  runas: SudoersRunas | null;
  /** The command may run as root (no run-as list and runas_default root, or ALL/root/#0 listed). */
  runsAsRoot: boolean;
  /** As written (an alias name stays a name). */
  command: string;
  negated: boolean;
  /** Cmnd_Aliases expanded, with the negation each command ends up with. */
  expanded: { command: string; negated: boolean }[];
  /** Grants every command (`ALL`, directly or through an alias). */
  allCommands: boolean;
  tags: Partial<Record<SudoersTagName, boolean>>;
  /** NOPASSWD applies to the command. */
  nopasswd: boolean;
  source: SourceLine;
}

export type SudoersDefaults = Extract<SudoersEntry, { kind: 'defaults' }>;

export interface SudoersFacts {
  /** False when /etc/sudoers does not exist (sudo not installed). */
  present: boolean;
  /** Every file read, in reading order. */
  files: SudoersFile[];
  dirs: SudoersDir[];
  /** Every (user spec x command) in reading order; sudo lets the last match win. */
  grants: SudoGrant[];
  defaults: SudoersDefaults[];
  aliases: Record<SudoersAliasType, Map<string, { members: SudoersItem[]; source: SourceLine }>>;
}

function parentDir(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Resolves an include path as sudo does: `%h` is the short host name, relative paths start at the including file's directory. */
export function resolveIncludePath(path: string, includingFile: string, hostname: string): string {
  const short = hostname.split('.')[0] ?? hostname;
  const p = path.replace(/%(%|h)/g, (_m, c: string) => (c === 'h' ? short : '%'));
  return p.startsWith('/') ? p : `${parentDir(includingFile)}/${p}`;
}

/** Files sudo reads from an includedir: not ending in `~`, no `.` in the name. */
export function includedirAccepts(name: string): boolean {
  return !name.endsWith('~') && !name.includes('.');
}

function principalOf(item: SudoersItem): SudoersPrincipal {
  const v = item.value;
  const negated = item.negated;
  if (v === 'ALL') return { kind: 'all', name: 'ALL', negated };
  if (v.startsWith('%:#')) return { kind: 'nonunix-group', name: v.slice(3), negated };
  if (v.startsWith('%:')) return { kind: 'nonunix-group', name: v.slice(2), negated };
  if (v.startsWith('%#')) return { kind: 'gid', name: v.slice(2), negated };
  if (v.startsWith('%')) return { kind: 'group', name: v.slice(1), negated };
  if (v.startsWith('+')) return { kind: 'netgroup', name: v.slice(1), negated };
  if (/^#-?\d+$/.test(v)) return { kind: 'uid', name: v.slice(1), negated };
  return { kind: 'user', name: v, negated };
}

type AliasMaps = SudoersFacts['aliases'];

/** Expands aliases of one type, recursively, flipping negation through negated aliases. */
function expandItems(items: readonly SudoersItem[], aliases: Map<string, { members: SudoersItem[] }>, seen: ReadonlySet<string> = new Set()): SudoersItem[] {
  const out: SudoersItem[] = [];
  for (const it of items) {
    const alias = isAliasName(it.value) ? aliases.get(it.value) : undefined;
    if (!alias || seen.has(it.value)) {
      out.push(it);
      continue;
    }
    for (const m of expandItems(alias.members, aliases, new Set([...seen, it.value]))) out.push({ value: m.value, negated: m.negated !== it.negated });
  }
  return out;
}

/** Commands named by a list (a `Defaults!` binding, say), Cmnd_Aliases expanded. */
export function expandCommands(facts: SudoersFacts, items: readonly SudoersItem[]): SudoersItem[] {
  return expandItems(items, facts.aliases.Cmnd_Alias);
}

function hostMatches(items: readonly SudoersItem[], hostname: string): boolean {
  const names = new Set([hostname.toLowerCase(), (hostname.split('.')[0] ?? '').toLowerCase()]);
  // A plain name either is or is not this host; anything else (netgroup, address, glob) may be.
  const matches = (v: string): boolean => v === 'ALL' || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(v) || /^[\d.]+$/.test(v) || names.has(v.toLowerCase());
  let any = false;
  for (const it of items) {
    if (it.negated) {
      if (names.has(it.value.toLowerCase())) return false;
    } else if (matches(it.value)) {
      any = true;
    }
  }
  return any;
}

function runsAsRoot(runas: SudoersRunas | null, runasAliases: AliasMaps['Runas_Alias'], runasDefault: string): boolean {
  if (runas === null) return runasDefault === 'root' || runasDefault === '#0';
  if (runas.users === null) return false;
  const items = expandItems(runas.users, runasAliases);
  const isRoot = (v: string) => v === 'root' || v === '#0';
  return items.some((i) => !i.negated && (i.value === 'ALL' || isRoot(i.value))) && !items.some((i) => i.negated && isRoot(i.value));
}

interface Loader {
  ctx: FactContext;
  hostname: string;
  files: SudoersFile[];
  dirs: SudoersDir[];
  entries: SudoersEntry[];
}

async function loadFile(l: Loader, path: string, includedFrom: SourceLine | null, stack: readonly string[]): Promise<boolean> {
  if (stack.includes(path)) {
    l.ctx.diagnostic({ path: includedFrom?.file ?? path, line: includedFrom?.line, message: `include loop: ${path} includes itself`, snippet: includedFrom?.text });
    return true;
  }
  if (stack.length >= MAX_DEPTH || l.files.length >= MAX_FILES) {
    l.ctx.diagnostic({ path, message: `too many nested or included sudoers files: ${path} not read` });
    return true;
  }
  const r = await l.ctx.target.readFile(path);
  if (!r.ok) {
    if (r.error.code !== 'ENOENT') l.ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
    else if (includedFrom) l.ctx.diagnostic({ path: includedFrom.file, line: includedFrom.line, message: `included file ${path} does not exist`, snippet: includedFrom.text });
    return false;
  }
  if (r.truncated) l.ctx.diagnostic({ path, message: 'file is larger than the read limit: only its beginning was read' });
  const parsed = parseSudoers(r.text, path);
  l.ctx.parseErrors(parsed.errors);
  l.files.push({ path, info: r.info, includedFrom });
  const inner = [...stack, path];
  for (const e of parsed.model.entries) {
    if (e.kind !== 'include') {
      l.entries.push(e);
      continue;
    }
    const target = resolveIncludePath(e.path, path, l.hostname);
    if (!e.directory) {
      await loadFile(l, target, e.source, inner);
      continue;
    }
    const dir = await l.ctx.target.readDir(target);
    if (!dir.ok) {
      // sudo ignores an includedir that does not exist.
      if (dir.error.code !== 'ENOENT') l.ctx.diagnostic({ path: target, message: `cannot read directory: ${dir.error.message}` });
      continue;
    }
    const st = await l.ctx.target.stat(target);
    if (st.ok) l.dirs.push({ path: target, info: st.info, role: 'includedir', via: e.source });
    const names = dir.entries
      .filter((d) => includedirAccepts(d.name) && (d.type === 'file' || d.type === 'symlink'))
      .map((d) => d.name)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      const p = `${target.replace(/\/+$/, '')}/${name}`;
      const fst = await l.ctx.target.stat(p);
      if (fst.ok && fst.info.type === 'file') await loadFile(l, p, e.source, inner);
    }
  }
  return true;
}

async function collect(ctx: FactContext): Promise<SudoersFacts> {
  const l: Loader = { ctx, hostname: ctx.info.hostname, files: [], dirs: [], entries: [] };
  const present = await loadFile(l, SUDOERS, null, []);

  const aliases: AliasMaps = { User_Alias: new Map(), Runas_Alias: new Map(), Host_Alias: new Map(), Cmnd_Alias: new Map() };
  const defaults: SudoersDefaults[] = [];
  for (const e of l.entries) {
    if (e.kind === 'alias' && !aliases[e.type].has(e.name)) aliases[e.type].set(e.name, { members: e.members, source: e.source });
    if (e.kind === 'defaults') defaults.push(e);
  }
  let runasDefault = 'root';
  for (const d of defaults) {
    if (d.scope !== 'global') continue;
    for (const s of d.settings) if (s.name === 'runas_default' && s.value !== null && !s.negated) runasDefault = s.value;
  }

  const grants: SudoGrant[] = [];
  for (const e of l.entries) {
    if (e.kind !== 'userSpec') continue;
    const principals = expandItems(e.users, aliases.User_Alias).map(principalOf);
    for (const priv of e.privileges) {
      const appliesHere = hostMatches(expandItems(priv.hosts, aliases.Host_Alias), l.hostname);
      for (const c of priv.commands) {
        const expanded = expandItems([{ value: c.command, negated: c.negated }], aliases.Cmnd_Alias).map((i) => ({ command: i.value, negated: i.negated }));
        grants.push({
          principals,
          hosts: priv.hosts,
          appliesHere,
          runas: c.runas,
          runsAsRoot: runsAsRoot(c.runas, aliases.Runas_Alias, runasDefault),
          command: c.command,
          negated: c.negated,
          expanded,
          allCommands: expanded.some((x) => x.command === 'ALL' && !x.negated),
          tags: c.tags,
          nopasswd: c.tags.PASSWD === false,
          source: e.source,
        });
      }
    }
  }

  // The directories holding sudoers files: whoever may write there may replace them.
  const known = new Set(l.dirs.map((d) => d.path));
  for (const f of l.files) {
    const dir = parentDir(f.path);
    if (known.has(dir)) continue;
    known.add(dir);
    const st = await ctx.target.stat(dir);
    if (st.ok) l.dirs.push({ path: dir, info: st.info, role: 'parent', via: f.includedFrom });
  }

  return { present, files: l.files, dirs: l.dirs, grants, defaults, aliases };
}

export default defineFact<'sudoers', SudoersFacts>({
  name: 'sudoers',
  description: 'sudo policy: /etc/sudoers and its includes in reading order, with aliases expanded into grants.',
  collect,
});
