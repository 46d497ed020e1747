/**
 * File systems: as configured for boot (/etc/fstab, plus systemd .mount units such as
 * tmp.mount for the few mount points the rules care about) and, on a live host, as
 * mounted now (/proc/self/mountinfo).
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseFstab } from '../parsers/fstab/fstab.ts';
import { parseMountInfo } from '../parsers/mountinfo/mountinfo.ts';
import { SYSTEMD_UNIT_DIRS, unitLocations } from '../parsers/systemd-ini/dropins.ts';
import { lastValue } from '../parsers/systemd-ini/systemd-ini.ts';
import type { SourceLine } from '../parsers/types.ts';
import { loadSystemdConfig } from './_systemd-config.ts';

export const FSTAB = '/etc/fstab';
export const MOUNTINFO = '/proc/self/mountinfo';

/** Mount points whose systemd .mount units are looked at when fstab does not name them. */
export const UNIT_MOUNT_POINTS = ['/tmp', '/var', '/var/log', '/var/log/audit', '/var/tmp', '/home'];

export interface MountEntry {
  mountPoint: string;
  /** Device, UUID=..., LABEL=..., tmpfs, server:/export. */
  source: string;
  fstype: string;
  /** Options as written (fstab, unit) or in effect (mountinfo: per-mount then super options). */
  options: string[];
  origin: 'fstab' | 'systemd-unit' | 'mountinfo';
  /** The line that defines it: the fstab line, the unit's Where=/Options= line, or the mountinfo line. */
  evidence: SourceLine;
}

export interface MountsFacts {
  /** Live mounts were read. */
  live: boolean;
  /** /etc/fstab exists and lists at least one file system. */
  fstabConfigured: boolean;
  /** File systems mounted at boot (fstab entries without noauto, enabled mount units); swap excluded. */
  configured: MountEntry[];
  /** What is mounted now (live targets), null offline. */
  active: MountEntry[] | null;
  /** The mount at exactly this mount point: live when available, else as configured. */
  at(mountPoint: string): MountEntry | undefined;
  /** The configured (boot) mount at exactly this mount point. */
  configuredAt(mountPoint: string): MountEntry | undefined;
}

/** systemd's unit name for a mount point (systemd-escape --path --suffix=mount). */
export function mountUnitName(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '-.mount';
  const esc = trimmed
    .split('/')
    .filter(Boolean)
    .map((c) =>
      [...Buffer.from(c)]
        .map((b, i) => {
          const ch = String.fromCharCode(b);
          return /[A-Za-z0-9:_]/.test(ch) || (ch === '.' && i > 0) ? ch : `\\x${b.toString(16).padStart(2, '0')}`;
        })
        .join(''),
    )
    .join('-');
  return `${esc}.mount`;
}

function lastAt(list: readonly MountEntry[], mountPoint: string): MountEntry | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.mountPoint === mountPoint) return list[i];
  return undefined;
}

async function unitMount(ctx: FactContext, mountPoint: string): Promise<MountEntry | undefined> {
  const { target } = ctx;
  const unit = mountUnitName(mountPoint);
  const loc = unitLocations(unit);
  // A unit masked (a link to /dev/null) in a higher-priority directory hides the others.
  for (const main of loc.mains) {
    const st = await target.lstat(main);
    if (!st.ok) continue;
    if (st.info.type === 'symlink') {
      const link = await target.readLink(main);
      if (link.ok && link.target === '/dev/null') return undefined;
    }
    break;
  }
  const wants = (
    await Promise.all(SYSTEMD_UNIT_DIRS.flatMap((d) => [target.glob(`${d}/*.wants/${unit}`), target.glob(`${d}/*.requires/${unit}`)]))
  ).flat();
  if (wants.length === 0) return undefined;
  const files = await loadSystemdConfig(ctx, loc);
  if (files.length === 0) return undefined;
  const opts = lastValue(files, 'Mount', 'Options');
  const what = lastValue(files, 'Mount', 'What');
  const where = lastValue(files, 'Mount', 'Where');
  return {
    mountPoint,
    source: what?.value ?? '',
    fstype: lastValue(files, 'Mount', 'Type')?.value ?? '',
    options: (opts?.value ?? '').replace(/%%/g, '%').split(',').filter(Boolean),
    origin: 'systemd-unit',
    evidence: opts?.source ?? where?.source ?? { file: files[0]!.file, line: 1, text: `[Mount] of ${unit}` },
  };
}

async function collect(ctx: FactContext): Promise<MountsFacts> {
  const { target } = ctx;
  const configured: MountEntry[] = [];
  let fstabConfigured = false;
  const fstab = await target.readFile(FSTAB);
  if (fstab.ok) {
    const parsed = parseFstab(fstab.text, FSTAB);
    ctx.parseErrors(parsed.errors);
    fstabConfigured = parsed.model.entries.length > 0;
    for (const e of parsed.model.entries) {
      if (e.vfstype === 'swap' || !e.file.startsWith('/')) continue;
      if (e.options.includes('noauto') && !e.options.includes('x-systemd.automount')) continue;
      configured.push({ mountPoint: e.file, source: e.spec, fstype: e.vfstype, options: e.options, origin: 'fstab', evidence: e.source });
    }
  } else if (fstab.error.code !== 'ENOENT') {
    ctx.diagnostic({ path: FSTAB, message: `cannot read: ${fstab.error.message}` });
  }
  for (const mp of UNIT_MOUNT_POINTS) {
    if (lastAt(configured, mp)) continue;
    const m = await unitMount(ctx, mp);
    if (m) configured.push(m);
  }

  let active: MountEntry[] | null = null;
  if (target.capabilities.live) {
    const r = await target.readFile(MOUNTINFO);
    if (r.ok) {
      const parsed = parseMountInfo(r.text, MOUNTINFO);
      ctx.parseErrors(parsed.errors);
      const lines = r.text.split('\n');
      active = parsed.model.map((m) => ({
        mountPoint: m.mountPoint,
        source: m.source,
        fstype: m.fstype,
        options: [...m.options, ...m.superOptions],
        origin: 'mountinfo' as const,
        evidence: { file: MOUNTINFO, line: m.line, text: lines[m.line - 1] ?? '' },
      }));
    } else {
      ctx.diagnostic({ path: MOUNTINFO, message: `cannot read: ${r.error.message}` });
    }
  }

  return {
    live: active !== null,
    fstabConfigured,
    configured,
    active,
    at: (mp) => lastAt(active ?? configured, mp),
    configuredAt: (mp) => lastAt(configured, mp),
  };
}

export default defineFact<'mounts', MountsFacts>({
  name: 'mounts',
  description: 'File systems from /etc/fstab and systemd mount units (boot), and from /proc/self/mountinfo on a live host.',
  collect,
});
