/** Shared helpers for the benchmarks: timing commands, medians, the Debian tree. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = path.join(REPO, 'bench', '.cache');
export const GARRISON = path.join(REPO, 'dist', 'garrison.mjs');

export interface Timed {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function timeCommand(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/**
 * A Debian 12 minbase tree made by debootstrap (with the extra packages asked for), cached
 * under bench/.cache. Needs root, debootstrap and Debian's mirror.
 */
export function debianTree(name: string, include: string[] = []): string {
  const dir = path.join(CACHE, name);
  if (fs.existsSync(path.join(dir, 'etc', 'os-release'))) return dir;
  fs.mkdirSync(CACHE, { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
  const mirror = process.env.GARRISON_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  process.stderr.write(`bench: building ${dir} with debootstrap (a few minutes, once)…\n`);
  const args = ['--variant=minbase', ...(include.length ? [`--include=${include.join(',')}`] : []), 'bookworm', dir, mirror];
  const r = spawnSync('debootstrap', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`debootstrap failed (${r.status}); is it installed and are you root?`);
  return dir;
}

/** Runs garrison's bundle with a hook that reports the peak resident memory. */
export function runGarrison(args: string[]): Timed & { maxRssMb: number } {
  const hook = path.join(REPO, 'bench', 'rss-hook.mjs');
  // A benchmark's audits are not the administrator's: they never replace the saved last report.
  const argv = args[0] === 'audit' ? [...args, '--no-save'] : args;
  const r = timeCommand(process.execPath, ['--import', hook, GARRISON, ...argv], { env: { ...process.env, NO_COLOR: '1' } });
  const m = /garrison-max-rss-kb=(\d+)/.exec(r.stderr);
  return { ...r, maxRssMb: m ? Number(m[1]) / 1024 : NaN };
}
