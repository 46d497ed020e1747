/**
 * Installed package versions from dpkg's status database (/var/lib/dpkg/status), for facts
 * whose defaults depend on the daemon's version. Only the status file is read (not the
 * file lists the `packages` fact loads), once per target.
 */
import type { FactContext } from '../core/fact.ts';
import type { Target } from '../target/target.ts';
import { isPresent, parseDpkgStatus } from '../parsers/dpkg/dpkg.ts';

const cache = new WeakMap<Target, Promise<Map<string, string>>>();

async function load(ctx: FactContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const res = await ctx.target.readFile('/var/lib/dpkg/status', { maxBytes: 64 * 1024 * 1024 });
  if (!res.ok) return out;
  for (const p of parseDpkgStatus(res.text, res.path).model) if (isPresent(p) && p.version) out.set(p.name, p.version);
  return out;
}

/** Version of the first of `names` that is installed ("7.0.15-1~deb12u1"), or null. */
export async function installedVersion(ctx: FactContext, names: readonly string[]): Promise<string | null> {
  let p = cache.get(ctx.target);
  if (!p) {
    p = load(ctx);
    cache.set(ctx.target, p);
  }
  const all = await p;
  for (const n of names) {
    const v = all.get(n);
    if (v !== undefined) return v;
  }
  return null;
}

/** True when the upstream part of a Debian version ("2:7.0.15-1") is at least `min` ("7.0"). */
export function versionAtLeast(version: string, min: string): boolean {
  const upstream = version.replace(/^\d+:/, '').split(/[-~+]/)[0]!;
  const a = upstream.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const b = min.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
