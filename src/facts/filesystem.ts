/**
 * One streaming walk of the target's file system that classifies every entry on the fly
 * (nothing but counts and small sorted samples is kept, so memory stays flat however large
 * the tree): setuid/setgid files, world-writable files, world-writable directories without
 * the sticky bit, files whose owner or group is unknown, executable files under data
 * directories, and group-writable root-owned entries in system directories.
 *
 * The Target skips /proc, /sys, /dev, /run and other pseudo file systems and stays on one
 * file system unless the audit asks to cross mounts.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { globComponentToRegExp, hasGlobMagic } from '../target/glob.ts';
import type { FileInfo, Target, TargetError, WalkOptions } from '../target/target.ts';

/** Data directories whose files should not be executable (rule parameter `dataDirs`). */
export const DEFAULT_DATA_DIRS = ['/srv', '/DATA', '/var/www', '/var/lib/docker/volumes'];
/** System directories where root-owned entries must not be group-writable. */
export const SYSTEM_DIRS = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot'];
/** At most this many setuid/setgid files are kept (they are compared with dpkg's lists). */
const MAX_SPECIAL = 10_000;
/** At most this many distinct unknown owner/group combinations are tracked separately. */
const MAX_UNKNOWN_IDS = 1_000;
/** At most this many walk errors become diagnostics. */
const MAX_DIAGNOSTICS = 100;

/** How many entries matched, and the first few paths in sorted order. */
export interface PathSample {
  count: number;
  paths: string[];
}

export interface SpecialFile {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface FilesystemFacts {
  roots: string[];
  crossMounts: boolean;
  /** Entries seen by the walk. */
  entries: number;
  /** Directories or entries that could not be read. */
  errors: number;
  /** Regular files with the setuid or setgid bit, sorted by path. */
  setuidSetgid: SpecialFile[];
  /** More setuid/setgid files existed than were kept. */
  setuidSetgidTruncated: boolean;
  worldWritableFiles: PathSample;
  /** World-writable directories without the sticky bit. */
  worldWritableDirs: PathSample;
  /** Entries whose uid has no user or whose gid has no group. */
  unowned: PathSample;
  /** The unknown ids seen (after asking NSS on a live host). */
  unknownUids: number[];
  unknownGids: number[];
  /** Where user names come from besides /etc/passwd (nsswitch.conf "passwd:" line), e.g. ["ldap"]. */
  nssPasswdSources: string[];
  /** Regular files with an execute bit under a data directory. */
  executableData: PathSample;
  dataDirs: string[];
  /** Root-owned files and directories in system directories that their group may write. */
  groupWritableSystem: PathSample;
}

/** Keeps the `limit` smallest paths, sorted, and counts all. */
export class SortedSample {
  count = 0;
  readonly paths: string[] = [];
  constructor(private readonly limit: number) {}

  add(path: string): void {
    this.count++;
    const p = this.paths;
    if (this.limit <= 0 || (p.length >= this.limit && path >= p[p.length - 1]!)) return;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid]! < path) lo = mid + 1;
      else hi = mid;
    }
    p.splice(lo, 0, path);
    if (p.length > this.limit) p.pop();
  }

  merge(other: SortedSample): void {
    const n = other.count;
    for (const path of other.paths) this.add(path);
    this.count += n - other.paths.length;
  }

  toJSON(): PathSample {
    return { count: this.count, paths: [...this.paths] };
  }
}

/** Compiles directory patterns (glob components allowed) into a test "is this path below one of them". */
export function underAny(dirs: readonly string[]): (path: string) => boolean {
  const literal: string[] = [];
  const patterns: { prefix: string; re: RegExp }[] = [];
  for (const d of dirs) {
    const clean = `/${d.split('/').filter(Boolean).join('/')}`;
    if (clean === '/') continue;
    if (!hasGlobMagic(clean)) {
      literal.push(`${clean}/`);
      continue;
    }
    const parts = clean.split('/').slice(1);
    const firstGlob = parts.findIndex(hasGlobMagic);
    const prefix = `/${parts.slice(0, firstGlob).join('/')}${firstGlob > 0 ? '/' : ''}`;
    const body = parts.map((c) => (hasGlobMagic(c) ? globComponentToRegExp(c).source.slice(1, -1) : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    patterns.push({ prefix, re: new RegExp(`^/${body}/`, 's') });
  }
  return (path: string) => {
    for (const l of literal) if (path.startsWith(l)) return true;
    for (const p of patterns) if (path.startsWith(p.prefix) && p.re.test(path)) return true;
    return false;
  };
}

/** The numeric ids of the `name:x:id:...` lines of /etc/passwd or /etc/group, and the names by id. */
export function idsOf(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2]!)) continue;
    const id = Number(f[2]);
    if (!out.has(id)) out.set(id, f[0]!);
  }
  return out;
}

interface UnknownCombo {
  uid: number | null;
  gid: number | null;
  sample: SortedSample;
}

/** Classifies walk entries; one instance per walk. */
export class Classifier {
  readonly special: SpecialFile[] = [];
  specialTruncated = false;
  readonly worldWritableFiles: SortedSample;
  readonly worldWritableDirs: SortedSample;
  readonly executableData: SortedSample;
  readonly groupWritableSystem: SortedSample;
  readonly unknown = new Map<string, UnknownCombo>();
  readonly unknownOverflow: SortedSample;
  private readonly inData: (p: string) => boolean;
  private readonly inSystem: (p: string) => boolean;

  constructor(
    private readonly maxPaths: number,
    dataDirs: readonly string[],
    private readonly uids: ReadonlyMap<number, string>,
    private readonly gids: ReadonlyMap<number, string>,
    private readonly staffGid: number | undefined,
  ) {
    this.worldWritableFiles = new SortedSample(maxPaths);
    this.worldWritableDirs = new SortedSample(maxPaths);
    this.executableData = new SortedSample(maxPaths);
    this.groupWritableSystem = new SortedSample(maxPaths);
    this.unknownOverflow = new SortedSample(maxPaths);
    this.inData = underAny(dataDirs);
    this.inSystem = underAny(SYSTEM_DIRS);
  }

  add(e: FileInfo): void {
    const { mode, type } = e;
    if (!this.uids.has(e.uid) || !this.gids.has(e.gid)) this.addUnknown(e);
    if (type === 'file') {
      if (mode & 0o6000) {
        if (this.special.length < MAX_SPECIAL) this.special.push({ path: e.path, mode, uid: e.uid, gid: e.gid });
        else this.specialTruncated = true;
      }
      if (mode & 0o002) this.worldWritableFiles.add(e.path);
      if (mode & 0o111 && this.inData(e.path)) this.executableData.add(e.path);
      if (mode & 0o020 && e.uid === 0 && this.inSystem(e.path)) this.groupWritableSystem.add(e.path);
    } else if (type === 'dir') {
      if ((mode & 0o1002) === 0o002) this.worldWritableDirs.add(e.path);
      // Debian lets group staff add software under /usr/local (setgid root:staff directories).
      if (mode & 0o020 && e.uid === 0 && this.inSystem(e.path) && !(e.gid === this.staffGid && e.path.startsWith('/usr/local/'))) {
        this.groupWritableSystem.add(e.path);
      }
    }
  }

  private addUnknown(e: FileInfo): void {
    const uid = this.uids.has(e.uid) ? null : e.uid;
    const gid = this.gids.has(e.gid) ? null : e.gid;
    const key = `${uid ?? ''}:${gid ?? ''}`;
    let c = this.unknown.get(key);
    if (!c) {
      if (this.unknown.size >= MAX_UNKNOWN_IDS) {
        this.unknownOverflow.add(e.path);
        return;
      }
      c = { uid, gid, sample: new SortedSample(this.maxPaths) };
      this.unknown.set(key, c);
    }
    c.sample.add(e.path);
  }
}

/** Asks NSS (getent) on a live host which of these ids exist after all (LDAP, systemd dynamic users...). */
async function resolveIds(ctx: FactContext, db: 'passwd' | 'group', ids: number[]): Promise<Set<number>> {
  const known = new Set<number>();
  if (!ctx.target.capabilities.exec || ids.length === 0) return known;
  await Promise.all(
    ids.slice(0, 64).map(async (id) => {
      const r = await ctx.target.exec('getent', [db, String(id)], { timeoutMs: 5000, maxBytes: 4096 });
      if (r.ok && r.exitCode === 0 && r.stdout.trim() !== '') known.add(id);
    }),
  );
  return known;
}

function nssSources(text: string, db: string): string[] {
  for (const line of text.split('\n')) {
    const m = new RegExp(`^\\s*${db}\\s*:(.*)$`).exec(line);
    if (m) return m[1]!.replace(/#.*/, '').replace(/\[[^\]]*\]/g, '').split(/\s+/).filter((s) => s && s !== 'files' && s !== 'compat');
  }
  return [];
}

/** What one walk needs besides the target. */
export interface WalkClassifyOptions {
  roots: string[];
  crossMounts: boolean;
  maxPaths: number;
  dataDirs: readonly string[];
  onProgress?: (seen: number, dir: string) => void;
}

/** The result of one classifying walk. */
export interface WalkResult {
  classifier: Classifier;
  entries: number;
  /** The first errors met (capped). */
  errors: TargetError[];
  /** How many errors were met in all. */
  errorCount: number;
}

/** Reads the target's users and groups, then walks and classifies (also used by the benchmark). */
export async function walkAndClassify(target: Target, opts: WalkClassifyOptions, maxErrors = MAX_DIAGNOSTICS): Promise<WalkResult & { uids: Map<number, string>; gids: Map<number, string> }> {
  const [passwd, group] = await target.readFiles(['/etc/passwd', '/etc/group']);
  const uids = passwd!.ok ? idsOf(passwd!.text) : new Map<number, string>();
  const gids = group!.ok ? idsOf(group!.text) : new Map<number, string>();
  let staffGid: number | undefined;
  for (const [id, name] of gids) if (name === 'staff') staffGid = id;
  const classifier = new Classifier(opts.maxPaths, opts.dataDirs, uids, gids, staffGid);
  let entries = 0;
  let errorCount = 0;
  const errors: TargetError[] = [];
  const walkOptions: WalkOptions = { roots: opts.roots, crossMounts: opts.crossMounts };
  if (opts.onProgress) walkOptions.onProgress = opts.onProgress;
  for await (const batch of target.walk(walkOptions)) {
    entries += batch.entries.length;
    for (const e of batch.entries) classifier.add(e);
    errorCount += batch.errors.length;
    for (const err of batch.errors) if (errors.length < maxErrors) errors.push(err);
  }
  for (const r of [passwd!, group!]) {
    if (r.ok || r.error.code === 'ENOENT') continue;
    errorCount++;
    errors.unshift(r.error);
  }
  return { classifier, entries, errors, errorCount, uids, gids };
}

async function collect(ctx: FactContext): Promise<FilesystemFacts> {
  const { target, options } = ctx;
  const nss = await target.readFile('/etc/nsswitch.conf');
  const nssPasswdSources = nss.ok ? nssSources(nss.text, 'passwd') : [];
  const param = options.params['dataDirs'];
  const dataDirs = Array.isArray(param) && param.every((d) => typeof d === 'string') ? (param as string[]) : DEFAULT_DATA_DIRS;
  const roots = ['/'];
  const { classifier: cls, entries, errors, errorCount } = await walkAndClassify(target, {
    roots,
    crossMounts: options.crossMounts,
    maxPaths: options.maxPaths,
    dataDirs,
    onProgress: (seen, dir) => options.onProgress?.(`file system walk: ${seen} entries${dir ? ` (${dir})` : ''}`),
  });
  for (const err of errors) ctx.diagnostic({ path: err.path, message: `file system walk: ${err.message}` });

  // Ids unknown to the files may still be known to NSS on a live host.
  const combos = [...cls.unknown.values()];
  const [knownU, knownG] = await Promise.all([
    resolveIds(ctx, 'passwd', [...new Set(combos.flatMap((c) => (c.uid === null ? [] : [c.uid])))]),
    resolveIds(ctx, 'group', [...new Set(combos.flatMap((c) => (c.gid === null ? [] : [c.gid])))]),
  ]);
  const unowned = new SortedSample(options.maxPaths);
  unowned.merge(cls.unknownOverflow);
  const unknownUids = new Set<number>();
  const unknownGids = new Set<number>();
  for (const c of combos) {
    const uid = c.uid !== null && !knownU.has(c.uid) ? c.uid : null;
    const gid = c.gid !== null && !knownG.has(c.gid) ? c.gid : null;
    if (uid === null && gid === null) continue;
    if (uid !== null) unknownUids.add(uid);
    if (gid !== null) unknownGids.add(gid);
    unowned.merge(c.sample);
  }

  return {
    roots,
    crossMounts: options.crossMounts,
    entries,
    errors: errorCount,
    setuidSetgid: cls.special.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    setuidSetgidTruncated: cls.specialTruncated,
    worldWritableFiles: cls.worldWritableFiles.toJSON(),
    worldWritableDirs: cls.worldWritableDirs.toJSON(),
    unowned: unowned.toJSON(),
    unknownUids: [...unknownUids].sort((a, b) => a - b),
    unknownGids: [...unknownGids].sort((a, b) => a - b),
    nssPasswdSources,
    executableData: cls.executableData.toJSON(),
    dataDirs,
    groupWritableSystem: cls.groupWritableSystem.toJSON(),
  };
}

export default defineFact<'filesystem', FilesystemFacts>({
  name: 'filesystem',
  description: 'One walk of the file system: setuid/setgid, world-writable, unowned, executable data and group-writable system entries.',
  collect,
});
