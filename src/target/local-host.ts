/**
 * LocalHostTarget: the live machine garrison runs on. It reads files like a RootDirTarget
 * rooted at `/`, and adds what only a running system has: commands (run without a shell,
 * with a timeout, output capped) and /proc and /sys, read with a timeout so that a stuck
 * process can never hang an audit.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { PSEUDO_PATHS, RootDirTarget, decoded, normalizeInner, toInfo } from './root-dir.ts';
import type { ExecOptions, ExecResult, ReadOptions, ReadResult, TargetCapabilities, TargetKind } from './target.ts';
import { DEFAULT_MAX_READ } from './target.ts';

/** File system types that hold no files worth auditing. */
export const PSEUDO_FS_TYPES = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'securityfs', 'debugfs', 'tracefs', 'pstore',
  'bpf', 'mqueue', 'hugetlbfs', 'configfs', 'fusectl', 'binfmt_misc', 'autofs', 'efivarfs', 'rpc_pipefs',
  'nsfs', 'selinuxfs', 'fuse.gvfsd-fuse', 'fuse.portal', 'ramfs',
]);

/** How long one read of a /proc or /sys file may take. */
const PROC_READ_TIMEOUT_MS = 2000;

export class LocalHostTarget extends RootDirTarget {
  override readonly kind: TargetKind = 'local-host';
  override readonly capabilities: TargetCapabilities = { live: true, exec: true };
  override readonly label: string;

  constructor() {
    super('/');
    this.label = hostname();
  }

  protected override async hostname(): Promise<string> {
    return hostname();
  }

  override async info() {
    const base = await super.info();
    return { ...base, root: '/' };
  }

  override async readFile(p: string, options: ReadOptions = {}): Promise<ReadResult> {
    const inner = normalizeInner(p);
    if (inner.startsWith('/proc/') || inner.startsWith('/sys/')) return readPseudo(inner, options.maxBytes ?? DEFAULT_MAX_READ);
    return super.readFile(inner, options);
  }

  protected override async pseudoPaths(): Promise<string[]> {
    const out = new Set(PSEUDO_PATHS);
    const r = await this.readFile('/proc/self/mountinfo');
    if (r.ok) {
      for (const line of r.text.split('\n')) {
        // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
        const [left, right] = line.split(' - ');
        if (!left || !right) continue;
        const mountPoint = unescapeMount(left.split(' ')[4] ?? '');
        const fstype = right.split(' ')[0] ?? '';
        if (mountPoint && PSEUDO_FS_TYPES.has(fstype)) out.add(mountPoint);
      }
    }
    return [...out];
  }

  override async exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
    return runCommand(command, args, options);
  }
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * Reads a /proc or /sys file asynchronously with a timeout: such files report size 0,
 * are produced on demand and, for a process stuck in the kernel, may block.
 */
async function readPseudo(inner: string, maxBytes: number): Promise<ReadResult> {
  const work = (async (): Promise<ReadResult> => {
    let pre: fs.Stats;
    try {
      pre = await fs.promises.lstat(inner);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'ENOENT' : (err as NodeJS.ErrnoException).code === 'EACCES' ? 'EACCES' : 'EIO';
      return { ok: false, path: inner, error: { path: inner, code, message: (err as Error).message } };
    }
    if (!pre.isFile()) {
      return { ok: false, path: inner, error: { path: inner, code: 'NOT_REGULAR', message: 'not a regular file: not opened' } };
    }
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(inner, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
      const st = await handle.stat();
      if (!st.isFile()) return { ok: false, path: inner, error: { path: inner, code: 'NOT_REGULAR', message: 'not a regular file: not opened' } };
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.allocUnsafe(Math.min(65536, maxBytes + 1 - total));
        if (buf.length === 0) break;
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        chunks.push(buf.subarray(0, bytesRead));
        total += bytesRead;
      }
      const all = Buffer.concat(chunks, total);
      const truncated = total > maxBytes;
      return decoded(inner, truncated ? all.subarray(0, maxBytes) : all, truncated, toInfo(inner, st));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const code = e.code === 'ENOENT' || e.code === 'ESRCH' ? 'ENOENT' : e.code === 'EACCES' || e.code === 'EPERM' ? 'EACCES' : 'EIO';
      return { ok: false, path: inner, error: { path: inner, code, message: e.message } };
    } finally {
      await handle?.close().catch(() => {});
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, path: inner, error: { path: inner, code: 'ETIMEDOUT', message: `read did not finish within ${PROC_READ_TIMEOUT_MS} ms` } }),
      PROC_READ_TIMEOUT_MS,
    );
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a program without a shell, in its own process group (killed whole on timeout),
 * with a C locale and capped output.
 */
export function runCommand(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, [...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', LANG: 'C' },
      });
    } catch (err) {
      resolve({ ok: false, error: { path: command, code: 'EIO', message: (err as Error).message } });
      return;
    }
    const out: Buffer[] = [];
    const errs: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let truncated = false;
    let settled = false;
    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish({ ok: false, error: { path: command, code: 'ETIMEDOUT', message: `${command} did not finish within ${options.timeoutMs} ms` } });
    }, options.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      if (outLen < maxBytes) out.push(b.subarray(0, maxBytes - outLen));
      else truncated = true;
      outLen += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < maxBytes) errs.push(b.subarray(0, maxBytes - errLen));
      errLen += b.length;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish({ ok: false, error: { path: command, code: err.code === 'ENOENT' ? 'ENOENT' : err.code === 'EACCES' ? 'EACCES' : 'EIO', message: err.message } });
    });
    child.on('close', (code, signal) => {
      finish({
        ok: true,
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(errs).toString('utf8'),
        truncated: truncated || outLen > maxBytes,
      });
    });
  });
}
