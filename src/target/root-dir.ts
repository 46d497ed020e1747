/**
 * RootDirTarget: an offline tree (a mounted disk image, a debootstrap tree, an exported
 * container file system) read as if it were `/`.
 *
 * Every symbolic link is resolved *inside* the root, as chroot(2) would: an absolute link
 * `/etc/x -> /etc/shadow` means `<root>/etc/shadow`, and `..` never climbs above the root.
 * FIFOs, sockets and devices are never opened; reads are capped; nothing is ever written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { basename } from 'node:path';
import { parseOsRelease } from '../parsers/os-release/os-release.ts';
import { compareNames, hasGlobMagic, matchGlobComponent } from './glob.ts';
import type {
  DirEntry,
  DirResult,
  ExecOptions,
  ExecResult,
  FileInfo,
  FileType,
  LinkResult,
  ReadOptions,
  ReadResult,
  StatResult,
  Target,
  TargetCapabilities,
  TargetError,
  TargetErrorCode,
  TargetInfo,
  TargetKind,
  WalkBatch,
  WalkOptions,
} from './target.ts';
import { DEFAULT_MAX_READ } from './target.ts';

/** Linux's limit on symbolic links followed while resolving one path (MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

/** Subtrees a walk never enters: pseudo file systems and runtime state. */
export const PSEUDO_PATHS = ['/proc', '/sys', '/dev', '/run'];

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = fs.constants;
const O_NOATIME: number = (fs.constants as Record<string, number>).O_NOATIME ?? 0;

export function fileTypeOf(st: fs.Stats | fs.Dirent): FileType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  return 'unknown';
}

export function toInfo(p: string, st: fs.Stats): FileInfo {
  return {
    path: p,
    type: fileTypeOf(st),
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    mtimeMs: st.mtimeMs,
    dev: st.dev,
    ino: st.ino,
    nlink: st.nlink,
  };
}

/** Normalises a path inside the target: absolute, no empty or `.` components. */
export function normalizeInner(p: string): string {
  const parts: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') parts.pop();
    else parts.push(c);
  }
  return `/${parts.join('/')}`;
}

function errorCode(err: unknown): TargetErrorCode {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'ENOENT';
    case 'EACCES':
    case 'EPERM':
      return 'EACCES';
    case 'ENOTDIR':
      return 'ENOTDIR';
    case 'ELOOP':
      return 'ELOOP';
    case 'ETIMEDOUT':
      return 'ETIMEDOUT';
    default:
      return 'EIO';
  }
}

function targetError(p: string, code: TargetErrorCode, detail?: string): TargetError {
  const text: Record<TargetErrorCode, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    ENOTDIR: 'a path component is not a directory',
    ELOOP: 'too many levels of symbolic links',
    NOT_REGULAR: 'not a regular file (FIFO, socket or device): not opened',
    EIO: 'input/output error',
    ETIMEDOUT: 'timed out',
    UNSUPPORTED: 'not supported by this target',
  };
  return { path: p, code, message: detail ? `${text[code]}: ${detail}` : text[code] };
}

function fromErr(p: string, err: unknown): TargetError {
  const code = errorCode(err);
  return targetError(p, code, code === 'EIO' && err instanceof Error ? err.message : undefined);
}

type Resolved = { ok: true; inner: string; host: string } | { ok: false; error: TargetError };

export class RootDirTarget implements Target {
  readonly kind: TargetKind = 'root-dir';
  readonly capabilities: TargetCapabilities = { live: false, exec: false };
  readonly label: string;
  /** Absolute host path of the root, without a trailing slash ("" for "/"). */
  protected readonly base: string;

  constructor(readonly root: string) {
    const abs = path.resolve(root);
    this.base = abs === '/' ? '' : abs;
    this.label = abs;
  }

  /** Host path for a path inside the target (no resolution). */
  protected hostPath(inner: string): string {
    return inner === '/' ? this.base || '/' : this.base + inner;
  }

  /**
   * Resolves `p` inside the root the way the kernel would inside a chroot: every symbolic
   * link met is read and re-resolved from the root (absolute) or from its directory
   * (relative); `..` stops at the root. With `followFinal` false the last component is
   * left as it is (lstat semantics).
   */
  protected resolve(p: string, followFinal: boolean): Resolved {
    const pending = p.split('/').filter((c) => c !== '' && c !== '.');
    const stack: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const c = pending.shift()!;
      if (c === '..') {
        stack.pop();
        continue;
      }
      if (c === '.' || c === '') continue;
      const isLast = pending.length === 0;
      stack.push(c);
      if (isLast && !followFinal) break;
      const host = this.hostPath(`/${stack.join('/')}`);
      let st: fs.Stats | undefined;
      try {
        st = fs.lstatSync(host, { throwIfNoEntry: false });
      } catch (err) {
        return { ok: false, error: fromErr(p, err) };
      }
      if (!st) return { ok: false, error: targetError(p, 'ENOENT') };
      if (st.isSymbolicLink()) {
        if (++links > MAX_SYMLINKS) return { ok: false, error: targetError(p, 'ELOOP') };
        let link: string;
        try {
          link = fs.readlinkSync(host);
        } catch (err) {
          return { ok: false, error: fromErr(p, err) };
        }
        stack.pop();
        if (link.startsWith('/')) stack.length = 0;
        pending.unshift(...link.split('/').filter((x) => x !== '' && x !== '.'));
        continue;
      }
      if (!isLast && !st.isDirectory()) return { ok: false, error: targetError(p, 'ENOTDIR') };
    }
    const inner = `/${stack.join('/')}`;
    return { ok: true, inner, host: this.hostPath(inner) };
  }

  async info(): Promise<TargetInfo> {
    return { kind: this.kind, root: this.label, hostname: await this.hostname(), os: await this.osRelease() };
  }

  protected async hostname(): Promise<string> {
    const r = await this.readFile('/etc/hostname', { maxBytes: 4096 });
    const name = r.ok ? r.text.split('\n')[0]!.trim() : '';
    return name || basename(this.label) || 'root';
  }

  protected async osRelease(): Promise<TargetInfo['os']> {
    for (const p of ['/etc/os-release', '/usr/lib/os-release']) {
      const r = await this.readFile(p, { maxBytes: 65536 });
      if (r.ok) return parseOsRelease(r.text, p).model.os;
    }
    return null;
  }

  async readFile(p: string, options: ReadOptions = {}): Promise<ReadResult> {
    const inner = normalizeInner(p);
    const res = this.resolve(inner, true);
    if (!res.ok) return { ok: false, path: inner, error: { ...res.error, path: inner } };
    return this.readResolved(inner, res.host, options.maxBytes ?? DEFAULT_MAX_READ);
  }

  /** Opens and reads a resolved host path, refusing anything but a regular file. */
  protected readResolved(inner: string, host: string, maxBytes: number): ReadResult {
    let pre: fs.Stats | undefined;
    try {
      pre = fs.lstatSync(host, { throwIfNoEntry: false });
    } catch (err) {
      return { ok: false, path: inner, error: fromErr(inner, err) };
    }
    if (!pre) return { ok: false, path: inner, error: targetError(inner, 'ENOENT') };
    if (pre.isDirectory()) return { ok: false, path: inner, error: targetError(inner, 'EIO', 'is a directory') };
    if (!pre.isFile()) return { ok: false, path: inner, error: targetError(inner, 'NOT_REGULAR') };
    let fd: number;
    try {
      fd = openReadOnly(host);
    } catch (err) {
      return { ok: false, path: inner, error: fromErr(inner, err) };
    }
    try {
      const st = fs.fstatSync(fd);
      // The file may have been swapped between lstat and open: check again on the descriptor.
      if (!st.isFile()) return { ok: false, path: inner, error: targetError(inner, 'NOT_REGULAR') };
      const { bytes, truncated } = readCapped(fd, maxBytes);
      return decoded(inner, bytes, truncated, toInfo(inner, st));
    } catch (err) {
      return { ok: false, path: inner, error: fromErr(inner, err) };
    } finally {
      fs.closeSync(fd);
    }
  }

  async readFiles(paths: readonly string[], options: ReadOptions = {}): Promise<ReadResult[]> {
    const out: ReadResult[] = [];
    for (const p of paths) out.push(await this.readFile(p, options));
    return out;
  }

  async stat(p: string): Promise<StatResult> {
    return this.statWith(p, true);
  }

  async lstat(p: string): Promise<StatResult> {
    return this.statWith(p, false);
  }

  private statWith(p: string, follow: boolean): StatResult {
    const inner = normalizeInner(p);
    const res = this.resolve(inner, follow);
    if (!res.ok) return { ok: false, path: inner, error: { ...res.error, path: inner } };
    try {
      const st = fs.lstatSync(res.host, { throwIfNoEntry: false });
      if (!st) return { ok: false, path: inner, error: targetError(inner, 'ENOENT') };
      return { ok: true, info: toInfo(inner, st) };
    } catch (err) {
      return { ok: false, path: inner, error: fromErr(inner, err) };
    }
  }

  async readDir(p: string): Promise<DirResult> {
    const inner = normalizeInner(p);
    const res = this.resolve(inner, true);
    if (!res.ok) return { ok: false, path: inner, error: { ...res.error, path: inner } };
    try {
      const dirents = fs.readdirSync(res.host, { withFileTypes: true });
      const entries: DirEntry[] = dirents.map((d) => ({ name: d.name, type: fileTypeOf(d) }));
      entries.sort((a, b) => compareNames(a.name, b.name));
      return { ok: true, path: inner, entries };
    } catch (err) {
      return { ok: false, path: inner, error: fromErr(inner, err) };
    }
  }

  async readLink(p: string): Promise<LinkResult> {
    const inner = normalizeInner(p);
    const res = this.resolve(inner, false);
    if (!res.ok) return { ok: false, path: inner, error: { ...res.error, path: inner } };
    try {
      return { ok: true, path: inner, target: fs.readlinkSync(res.host) };
    } catch (err) {
      return { ok: false, path: inner, error: fromErr(inner, err) };
    }
  }

  async glob(pattern: string): Promise<string[]> {
    const parts = normalizeInner(pattern).split('/').filter(Boolean);
    let current: string[] = ['/'];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const next: string[] = [];
      for (const dir of current) {
        const join = (name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
        if (!hasGlobMagic(part)) {
          next.push(join(part));
          continue;
        }
        const list = await this.readDir(dir);
        if (!list.ok) continue;
        for (const e of list.entries) if (matchGlobComponent(part, e.name)) next.push(join(e.name));
      }
      current = next;
    }
    const existing: string[] = [];
    for (const p of current) if ((await this.lstat(p)).ok) existing.push(p);
    return existing;
  }

  /** Subtrees never entered by a walk. */
  protected async pseudoPaths(): Promise<string[]> {
    return PSEUDO_PATHS;
  }

  async *walk(options: WalkOptions = {}): AsyncIterable<WalkBatch> {
    const batchSize = options.batchSize ?? 4096;
    const skip = new Set([...(await this.pseudoPaths()), ...(options.skip ?? []).map(normalizeInner)]);
    let entries: FileInfo[] = [];
    let errors: TargetError[] = [];
    let seen = 0;
    for (const root of options.roots ?? ['/']) {
      const start = this.resolve(normalizeInner(root), true);
      if (!start.ok) {
        errors.push(start.error);
        continue;
      }
      let rootStat: fs.Stats;
      try {
        rootStat = fs.lstatSync(start.host);
      } catch (err) {
        errors.push(fromErr(start.inner, err));
        continue;
      }
      if (!rootStat.isDirectory()) {
        errors.push(targetError(start.inner, 'ENOTDIR'));
        continue;
      }
      const rootDev = rootStat.dev;
      entries.push(toInfo(start.inner, rootStat));
      // Depth-first with an explicit stack of inner directory paths.
      const stack: string[] = [start.inner];
      while (stack.length > 0) {
        const dir = stack.pop()!;
        const hostDir = this.hostPath(dir);
        let names: string[];
        try {
          names = fs.readdirSync(hostDir);
        } catch (err) {
          errors.push(fromErr(dir, err));
          continue;
        }
        const prefix = dir === '/' ? '/' : `${dir}/`;
        const hostPrefix = `${hostDir === '/' ? '' : hostDir}/`;
        for (const name of names) {
          const inner = prefix + name;
          let st: fs.Stats | undefined;
          try {
            st = fs.lstatSync(hostPrefix + name, { throwIfNoEntry: false });
          } catch (err) {
            errors.push(fromErr(inner, err));
            continue;
          }
          if (!st) continue; // vanished while walking
          const info = toInfo(inner, st);
          entries.push(info);
          if (info.type === 'dir' && !skip.has(inner) && (options.crossMounts || st.dev === rootDev)) stack.push(inner);
          if (entries.length >= batchSize) {
            seen += entries.length;
            options.onProgress?.(seen, dir);
            // The walk reads synchronously (it is several times faster); between batches it
            // lets the event loop run so that other facts' reads and timers go on.
            await new Promise<void>((resolve) => setImmediate(resolve));
            yield { entries, errors };
            entries = [];
            errors = [];
          }
        }
      }
    }
    if (entries.length > 0 || errors.length > 0) {
      seen += entries.length;
      options.onProgress?.(seen, '');
      yield { entries, errors };
    }
  }

  async exec(command: string, _args: readonly string[], _options: ExecOptions): Promise<ExecResult> {
    return { ok: false, error: targetError(command, 'UNSUPPORTED', 'an offline root directory cannot run commands') };
  }

  async close(): Promise<void> {}
}

/** Opens read-only without following a final link, without blocking on FIFOs, without touching atime. */
export function openReadOnly(host: string): number {
  const flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;
  if (O_NOATIME) {
    try {
      return fs.openSync(host, flags | O_NOATIME);
    } catch (err) {
      // O_NOATIME needs ownership or CAP_FOWNER; fall back to a plain read-only open.
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    }
  }
  return fs.openSync(host, flags);
}

/** Reads at most `maxBytes`, and says whether there was more (works for /proc files of size 0). */
export function readCapped(fd: number, maxBytes: number): { bytes: Buffer; truncated: boolean } {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunkSize = Math.min(Math.max(maxBytes + 1, 1), 1 << 20);
  for (;;) {
    const want = Math.min(chunkSize, maxBytes + 1 - total);
    if (want <= 0) break;
    const buf = Buffer.allocUnsafe(want);
    const n = fs.readSync(fd, buf, 0, want, null);
    if (n === 0) break;
    chunks.push(n === want ? buf : buf.subarray(0, n));
    total += n;
  }
  const all = Buffer.concat(chunks, total);
  return total > maxBytes ? { bytes: all.subarray(0, maxBytes), truncated: true } : { bytes: all, truncated: false };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function decoded(inner: string, bytes: Buffer, truncated: boolean, info: FileInfo): ReadResult {
  let invalidUtf8 = false;
  let text: string;
  try {
    text = utf8Strict.decode(bytes);
  } catch {
    invalidUtf8 = true;
    text = utf8.decode(bytes);
  }
  return { ok: true, path: inner, text, bytes, truncated, invalidUtf8, info };
}
