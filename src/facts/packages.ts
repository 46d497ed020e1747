/**
 * Installed packages and the paths they ship, from dpkg's database (works offline):
 * /var/lib/dpkg/status, /var/lib/dpkg/info/*.list and /var/lib/dpkg/diversions.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { isPresent, parseDpkgDiversions, parseDpkgList, parseDpkgStatus, type DpkgPackage } from '../parsers/dpkg/dpkg.ts';

export const DPKG_STATUS = '/var/lib/dpkg/status';
export const DPKG_INFO = '/var/lib/dpkg/info';
export const DPKG_DIVERSIONS = '/var/lib/dpkg/diversions';
/** .list files read per batch, so that their text never piles up in memory. */
const LIST_BATCH = 128;

export interface PackagesFacts {
  /** A dpkg database was found. */
  dpkg: boolean;
  /** Packages whose files are on disk, by name (without architecture qualifier). */
  installed: Map<string, DpkgPackage>;
  /** Number of paths shipped by packages. */
  pathCount: number;
  /** /bin, /sbin and /lib are links into /usr (merged /usr). */
  usrMerged: boolean;
  /** True when a package (or a diversion of a package's file) put this path there. */
  owns(path: string): boolean;
}

const USR_ALIASES = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/** The other spelling of a path on a merged-/usr system (/usr/bin/su <-> /bin/su), if any. */
export function usrAlias(path: string): string | undefined {
  for (const d of USR_ALIASES) {
    if (path.startsWith(`/usr/${d}/`)) return path.slice(4);
    if (path.startsWith(`/${d}/`)) return `/usr${path}`;
  }
  return undefined;
}

async function collect(ctx: FactContext): Promise<PackagesFacts> {
  const { target } = ctx;
  const installed = new Map<string, DpkgPackage>();
  const paths = new Set<string>();
  const status = await target.readFile(DPKG_STATUS, { maxBytes: 256 * 1024 * 1024 });
  const dpkg = status.ok;
  if (status.ok) {
    const parsed = parseDpkgStatus(status.text, DPKG_STATUS);
    ctx.parseErrors(parsed.errors);
    for (const p of parsed.model) if (isPresent(p)) installed.set(p.name, p);
  } else if (status.error.code !== 'ENOENT') {
    ctx.diagnostic({ path: DPKG_STATUS, message: `cannot read: ${status.error.message}` });
  }

  const info = await target.readDir(DPKG_INFO);
  if (info.ok) {
    const lists = info.entries.filter((e) => e.name.endsWith('.list')).map((e) => `${DPKG_INFO}/${e.name}`);
    for (let i = 0; i < lists.length; i += LIST_BATCH) {
      for (const r of await target.readFiles(lists.slice(i, i + LIST_BATCH), { maxBytes: 64 * 1024 * 1024 })) {
        if (!r.ok) {
          ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
          continue;
        }
        const parsed = parseDpkgList(r.text, r.path);
        ctx.parseErrors(parsed.errors);
        for (const p of parsed.model) paths.add(p);
      }
    }
  }

  const div = await target.readFile(DPKG_DIVERSIONS);
  if (div.ok) {
    const parsed = parseDpkgDiversions(div.text, DPKG_DIVERSIONS);
    ctx.parseErrors(parsed.errors);
    for (const d of parsed.model) if (paths.has(d.from)) paths.add(d.to);
  }

  const bin = await target.lstat('/bin');
  const usrMerged = bin.ok && bin.info.type === 'symlink';
  return {
    dpkg,
    installed,
    pathCount: paths.size,
    usrMerged,
    owns(path: string): boolean {
      if (paths.has(path)) return true;
      if (!usrMerged) return false;
      const alias = usrAlias(path);
      return alias !== undefined && paths.has(alias);
    },
  };
}

export default defineFact<'packages', PackagesFacts>({
  name: 'packages',
  description: "Installed Debian packages and the paths they ship, from dpkg's database (status, file lists, diversions).",
  collect,
});
