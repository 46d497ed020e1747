/**
 * Kernel parameters as configured for boot (sysctl.d(5)) and, on a live host, as running.
 *
 * Configured values follow systemd-sysctl: `*.conf` files from /etc/sysctl.d, /run/sysctl.d,
 * /usr/local/lib/sysctl.d, /usr/lib/sysctl.d and /lib/sysctl.d, a file name in an earlier
 * directory masking the same name in a later one, all applied in lexical order of file
 * name; a later assignment wins, an explicit key beats any glob. /etc/sysctl.conf is read by
 * systemd only through Debian's /etc/sysctl.d/99-sysctl.conf link; on a system without
 * systemd-sysctl, procps' `sysctl --system` applies it last.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { orderDropIns } from '../parsers/systemd-ini/dropins.ts';
import { parseSysctl, sysctlKeyToPath, type SysctlAssignment, type SysctlFile } from '../parsers/sysctl/sysctl.ts';

export const SYSCTL_DIRS = ['/etc/sysctl.d', '/run/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d', '/lib/sysctl.d'];
export const SYSCTL_CONF = '/etc/sysctl.conf';
const SYSTEMD_SYSCTL = ['/usr/lib/systemd/systemd-sysctl', '/lib/systemd/systemd-sysctl'];

/**
 * Keys whose running value is read on a live host (besides every key a file sets): the
 * ones garrison's rules judge.
 */
export const WATCHED_SYSCTL_KEYS = [
  'fs.suid_dumpable',
  'fs.protected_hardlinks',
  'fs.protected_symlinks',
  'fs.protected_fifos',
  'fs.protected_regular',
  'kernel.core_pattern',
  'kernel.core_uses_pid',
  'kernel.kptr_restrict',
  'kernel.dmesg_restrict',
  'kernel.randomize_va_space',
  'kernel.yama.ptrace_scope',
  'kernel.unprivileged_bpf_disabled',
  'kernel.sysrq',
  'net.ipv4.ip_forward',
  'net.ipv6.conf.all.forwarding',
];

export interface SysctlValue {
  key: string;
  /** The assignment that wins at boot, or null when no file sets the key. */
  configured: SysctlAssignment | null;
  /**
   * The running value (live targets): a string, null when the running kernel has no such
   * parameter, undefined when not read (offline target, or a key not watched).
   */
  live: string | null | undefined;
}

export interface SysctlFacts {
  /** The target is a running system and live values were read. */
  live: boolean;
  /** Which program applies the files at boot, which decides whether /etc/sysctl.conf counts on its own. */
  appliedBy: 'systemd-sysctl' | 'procps';
  /** Files applied at boot, in order. */
  files: string[];
  /** Every assignment in the order applied. */
  assignments: SysctlAssignment[];
  /** The configured and live value of one key (dotted form). */
  get(key: string): SysctlValue;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return /(?!)/;
  }
}

/** The winning assignment for `key` among files applied in order (systemd-sysctl's rules). */
export function resolveSysctl(files: readonly SysctlFile[], key: string): SysctlAssignment | null {
  let explicit: SysctlAssignment | null = null;
  let glob: SysctlAssignment | null = null;
  let excluded = false;
  for (const f of files) {
    for (const a of f.assignments) {
      if (!a.glob) {
        if (a.key === key) explicit = a;
      } else if (globToRegExp(a.key).test(key)) glob = a;
    }
    if (f.exclusions.some((e) => e.key === key)) excluded = true;
  }
  if (explicit) return explicit;
  return excluded ? null : glob;
}

async function collect(ctx: FactContext): Promise<SysctlFacts> {
  const { target } = ctx;
  const found = (await Promise.all(SYSCTL_DIRS.map((d) => target.glob(`${d}/*.conf`)))).flat();
  const ordered = orderDropIns(found, SYSCTL_DIRS);
  const hasSystemd = (await Promise.all(SYSTEMD_SYSCTL.map((p) => target.lstat(p)))).some((r) => r.ok);
  const appliedBy = hasSystemd ? 'systemd-sysctl' : 'procps';
  const paths = hasSystemd ? ordered : [...ordered, SYSCTL_CONF];

  const files: SysctlFile[] = [];
  const applied: string[] = [];
  for (const r of await target.readFiles(paths)) {
    if (!r.ok) {
      // A name masked with a link to /dev/null, or a file that vanished: nothing to apply.
      if (r.error.code === 'ENOENT' || r.error.code === 'NOT_REGULAR') continue;
      ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseSysctl(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    files.push(parsed.model);
    applied.push(r.path);
  }
  const assignments = files.flatMap((f) => f.assignments);

  const liveValues = new Map<string, string | null>();
  const live = target.capabilities.live;
  if (live) {
    const keys = [...new Set([...WATCHED_SYSCTL_KEYS, ...assignments.filter((a) => !a.glob).map((a) => a.key)])];
    const reads = await target.readFiles(keys.map((k) => `/proc/sys/${sysctlKeyToPath(k)}`), { maxBytes: 64 * 1024 });
    keys.forEach((k, i) => {
      const r = reads[i]!;
      liveValues.set(k, r.ok ? r.text.trim().replace(/\s+/g, ' ') : null);
    });
  }

  return {
    live,
    appliedBy,
    files: applied,
    assignments,
    get(key: string): SysctlValue {
      return { key, configured: resolveSysctl(files, key), live: live ? liveValues.get(key) : undefined };
    },
  };
}

export default defineFact<'sysctl', SysctlFacts>({
  name: 'sysctl',
  description: 'Kernel parameters configured in sysctl.d files (with systemd-sysctl precedence) and, on a live host, their running values.',
  collect,
});
