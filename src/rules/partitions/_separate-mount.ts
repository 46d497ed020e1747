/**
 * Shared by the partition rules: find the file system a path lives on, and say where that
 * was learnt (the live mount table, /etc/fstab or a systemd mount unit).
 */
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { MountEntry, MountsFacts } from '../../facts/mounts.ts';
import { FSTAB } from '../../facts/mounts.ts';

/** The mount whose mount point is the longest prefix of `path` (the file system holding it). */
export function containingMount(entries: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of entries) {
    const mp = m.mountPoint;
    const covers = mp === '/' || path === mp || path.startsWith(`${mp}/`);
    if (covers && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** Why the partition layout cannot be judged offline, or null when it can. */
export function layoutUnknown(mounts: MountsFacts): string | null {
  if (mounts.live) return null;
  if (mounts.fstabConfigured || mounts.configured.length > 0) return null;
  return 'no file system is configured in /etc/fstab (a container image or an unconfigured tree): the partition layout is unknown';
}

/** Evidence that `path` is not a mount point: the mount that holds it (if known), or fstab as a whole. */
export function notSeparateEvidence(mounts: MountsFacts, path: string): { holder: string; evidence: Evidence[] } {
  const entries = mounts.active ?? mounts.configured;
  const holder = containingMount(entries, path);
  const where = mounts.live ? 'the running system' : FSTAB;
  if (holder) {
    return { holder: holder.mountPoint, evidence: [lineEvidence(holder.evidence, `${path} lives on the file system mounted at ${holder.mountPoint} (${where})`)] };
  }
  return { holder: '/', evidence: [fileEvidence(mounts.live ? '/proc/self/mountinfo' : FSTAB, `no entry for ${path}`)] };
}

/** "mounted at boot from /etc/fstab:3" / "mounted now (mountinfo)". */
export function describeOrigin(m: MountEntry): string {
  if (m.origin === 'mountinfo') return 'mounted now';
  return `${m.evidence.file}:${m.evidence.line}`;
}
