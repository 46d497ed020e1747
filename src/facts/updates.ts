/**
 * How the host keeps up with updates: which update tooling fits its distribution
 * (unattended-upgrades on Debian and Ubuntu, dnf-automatic on RHEL 8+ and Fedora, yum-cron
 * on RHEL/CentOS 7) and how it is configured, whether a reboot is pending
 * (/run/reboot-required, or a running kernel older than the newest installed one on a
 * live host).
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { splitLines, type SourceLine } from '../parsers/types.ts';
import type { OsRelease } from '../target/target.ts';

export type OsFamily = 'debian' | 'rhel' | 'other';

/** A setting of an INI-style file ("[commands] apply_updates = yes"), or the default. */
export interface IniSetting {
  value: string;
  /** Null when the value is the tool's default. */
  source: SourceLine | null;
}

export interface KernelImage {
  version: string;
  path: string;
}

export interface UpdatesFacts {
  family: OsFamily;
  /** Short description of the OS, e.g. "debian 12". */
  osLabel: string;
  /** Major version for the RHEL family (7, 8, 9, ...), else null. */
  rhelMajor: number | null;
  /** Ubuntu rather than Debian (for wording only). */
  ubuntu: boolean;
  /** unattended-upgrades is installed (dpkg database, else its program), with the evidence. */
  unattendedUpgrades: { installed: boolean; evidence: string };
  /** /etc/dnf/automatic.conf `[commands] apply_updates` (null when the file does not exist). */
  dnfAutomaticApply: IniSetting | null;
  /** /etc/yum/yum-cron.conf `[commands] apply_updates` (null when the file does not exist). */
  yumCronApply: IniSetting | null;
  /** The reboot-required flag file written by update-notifier-common / needrestart, if present. */
  rebootRequired: { path: string; packages: string[] } | null;
  /** The kernel that runs now (live hosts only). */
  runningKernel: { version: string; source: string } | null;
  /** Installed kernel images (/boot/vmlinuz-*), oldest first. */
  kernels: KernelImage[];
}

/** Decides the distribution family from os-release (ID and ID_LIKE). */
export function osFamily(os: OsRelease | null): OsFamily | null {
  if (!os) return null;
  const ids = [os.id, ...os.idLike].map((s) => s.toLowerCase());
  if (ids.some((i) => i === 'debian' || i === 'ubuntu')) return 'debian';
  if (ids.some((i) => ['rhel', 'centos', 'fedora', 'rocky', 'almalinux', 'ol', 'amzn'].includes(i))) return 'rhel';
  return 'other';
}

/** Character order of dpkg's version comparison: ~ before everything, letters before the rest. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[0-9]/.test(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/[0-9]/.test(a[i]!)) || (j < b.length && !/[0-9]/.test(b[j]!))) {
      const ac = i < a.length && !/[0-9]/.test(a[i]!) ? order(a[i]) : 0;
      const bc = j < b.length && !/[0-9]/.test(b[j]!) ? order(b[j]) : 0;
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /[0-9]/.test(a[i]!) && j < b.length && /[0-9]/.test(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /[0-9]/.test(a[i]!)) return 1;
    if (j < b.length && /[0-9]/.test(b[j]!)) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function splitVersion(v: string): { epoch: number; upstream: string; revision: string } {
  const colon = v.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash === -1 ? { epoch, upstream: rest, revision: '' } : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

/** Compares two versions the way `dpkg --compare-versions` does (negative, zero, positive). */
export function compareVersions(a: string, b: string): number {
  const va = splitVersion(a);
  const vb = splitVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  const u = verrevcmp(va.upstream, vb.upstream);
  if (u !== 0) return u;
  return verrevcmp(va.revision, vb.revision);
}

/** Reads one option of one section of an INI file (dnf/yum style: `#`/`;` comments, `=` or `:`). */
export function iniOption(text: string, file: string, section: string, option: string): IniSetting | null {
  let cur = '';
  let found: IniSetting | null = null;
  splitLines(text).forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) return;
    const h = /^\[(.+)\]/.exec(l);
    if (h) {
      cur = h[1]!.trim();
      return;
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(l);
    if (m && cur === section && m[1]!.toLowerCase() === option) found = { value: m[2]!.trim(), source: { file, line: i + 1, text: raw } };
  });
  return found;
}

/** Kernel image versions from /boot/vmlinuz-* names, leaving out rescue images and backups. */
export function kernelImages(paths: readonly string[]): KernelImage[] {
  return paths
    .map((path) => ({ path, version: path.slice(path.lastIndexOf('/') + 1).replace(/^vmlinuz-/, '') }))
    .filter((k) => k.version !== '' && !/rescue|\.old$|\.bak$|\.dpkg-/.test(k.version))
    .sort((a, b) => compareVersions(a.version, b.version));
}

async function runningKernel(ctx: FactContext): Promise<UpdatesFacts['runningKernel']> {
  const { target } = ctx;
  if (!target.capabilities.live) return null;
  const r = await target.readFile('/proc/sys/kernel/osrelease');
  if (r.ok && r.text.trim() !== '') return { version: r.text.trim(), source: '/proc/sys/kernel/osrelease' };
  if (target.capabilities.exec) {
    const u = await target.exec('uname', ['-r'], { timeoutMs: 5000 });
    if (u.ok && u.exitCode === 0 && u.stdout.trim() !== '') return { version: u.stdout.trim(), source: 'uname -r' };
  }
  return null;
}

async function collect(ctx: FactContext): Promise<UpdatesFacts> {
  const { target, info } = ctx;
  let family = osFamily(info.os);
  if (family === null) {
    // No os-release: guess from the package tooling present.
    const [dpkg, rpm] = await Promise.all([target.stat('/var/lib/dpkg/status'), target.stat('/etc/dnf')]);
    family = dpkg.ok ? 'debian' : rpm.ok ? 'rhel' : 'other';
  }
  const os = info.os;
  const major = os ? Number.parseInt(os.versionId, 10) : Number.NaN;
  const ubuntu = !!os && (os.id === 'ubuntu' || os.idLike.includes('ubuntu'));

  const [dnfConf, yumConf, rr1, rr2] = await target.readFiles(['/etc/dnf/automatic.conf', '/etc/yum/yum-cron.conf', '/run/reboot-required', '/var/run/reboot-required']);
  const dnfAutomaticApply = dnfConf?.ok ? (iniOption(dnfConf.text, dnfConf.path, 'commands', 'apply_updates') ?? { value: 'no', source: null }) : null;
  const yumCronApply = yumConf?.ok ? (iniOption(yumConf.text, yumConf.path, 'commands', 'apply_updates') ?? { value: 'no', source: null }) : null;

  let rebootRequired: UpdatesFacts['rebootRequired'] = null;
  const flag = rr1?.ok ? rr1 : rr2?.ok ? rr2 : null;
  if (flag) {
    const pkgs = await target.readFile(`${flag.path}.pkgs`);
    const packages = pkgs.ok ? [...new Set(splitLines(pkgs.text).map((l) => l.trim()).filter(Boolean))] : [];
    rebootRequired = { path: flag.path, packages };
  }

  const packages = await ctx.get('packages');
  let unattendedUpgrades: UpdatesFacts['unattendedUpgrades'];
  if (packages.dpkg) unattendedUpgrades = { installed: packages.installed.has('unattended-upgrades'), evidence: '/var/lib/dpkg/status' };
  else {
    const bin = await target.stat('/usr/bin/unattended-upgrade');
    unattendedUpgrades = { installed: bin.ok, evidence: '/usr/bin/unattended-upgrade' };
  }

  const kernels = kernelImages(await target.glob('/boot/vmlinuz-*'));
  return {
    family,
    osLabel: os ? `${os.id} ${os.versionId}`.trim() : family,
    rhelMajor: family === 'rhel' && Number.isFinite(major) ? major : null,
    ubuntu,
    unattendedUpgrades,
    dnfAutomaticApply,
    yumCronApply,
    rebootRequired,
    runningKernel: await runningKernel(ctx),
    kernels,
  };
}

export default defineFact<'updates', UpdatesFacts>({
  name: 'updates',
  description: 'Distribution family, dnf-automatic / yum-cron settings, a pending reboot flag, and the running kernel versus the installed kernel images.',
  collect,
});
