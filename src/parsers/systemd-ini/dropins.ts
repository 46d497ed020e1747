/**
 * Where systemd looks for a configuration file and its drop-ins, and in which order it
 * applies them (systemd.unit(5), systemd-system.conf(5), coredump.conf(5)). Pure: the
 * caller globs the directories and reads the files through its Target.
 *
 * Precedence: a drop-in in /etc masks one of the same file name in /run, which masks one in
 * /usr/local/lib, then /usr/lib (and /lib on split-/usr systems). The remaining drop-ins
 * are applied in lexical order of their file names, whatever directory they come from,
 * after the main file; a later assignment overrides an earlier one.
 */
import { compareNames } from '../../target/glob.ts';

/** Configuration roots in decreasing priority. */
export const SYSTEMD_CONFIG_ROOTS = ['/etc/systemd', '/run/systemd', '/usr/local/lib/systemd', '/usr/lib/systemd', '/lib/systemd'] as const;

/** Unit search path of the system manager, in decreasing priority. */
export const SYSTEMD_UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/run/systemd/generator',
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
] as const;

/** The places of a daemon configuration file such as "coredump.conf" and of its drop-in directories. */
export interface ConfigLocations {
  /** Candidate main files in decreasing priority: the first that exists is used. */
  mains: string[];
  /** Drop-in directories in decreasing priority. */
  dropInDirs: string[];
}

/** Locations of a daemon configuration file named like "coredump.conf" or "journald.conf". */
export function daemonConfigLocations(name: string): ConfigLocations {
  return {
    mains: SYSTEMD_CONFIG_ROOTS.map((r) => `${r}/${name}`),
    dropInDirs: SYSTEMD_CONFIG_ROOTS.map((r) => `${r}/${name}.d`),
  };
}

/** Locations of a unit file named like "tmp.mount" and of its drop-in directories. */
export function unitLocations(unit: string): ConfigLocations {
  return {
    mains: SYSTEMD_UNIT_DIRS.map((d) => `${d}/${unit}`),
    dropInDirs: SYSTEMD_UNIT_DIRS.map((d) => `${d}/${unit}.d`),
  };
}

function splitPath(p: string): { dir: string; base: string } {
  const i = p.lastIndexOf('/');
  return { dir: i <= 0 ? '/' : p.slice(0, i), base: p.slice(i + 1) };
}

/**
 * Given the drop-in files found (any order) and the drop-in directories in decreasing
 * priority, returns the files systemd applies, in the order it applies them: one file per
 * name (the one in the highest-priority directory), sorted by file name.
 */
export function orderDropIns(found: readonly string[], dirs: readonly string[]): string[] {
  const best = new Map<string, { path: string; rank: number }>();
  for (const path of found) {
    const { dir, base } = splitPath(path);
    const rank = dirs.indexOf(dir);
    if (rank === -1 || !base.endsWith('.conf')) continue;
    const prev = best.get(base);
    if (!prev || rank < prev.rank) best.set(base, { path, rank });
  }
  return [...best.keys()].sort(compareNames).map((b) => best.get(b)!.path);
}
