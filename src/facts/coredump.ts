/**
 * Crash dumps: systemd-coredump's configuration (coredump.conf(5), the main file and its
 * drop-ins merged as systemd does) and whether it is installed; kernel crash dumps through
 * kdump-tools (/etc/default/kdump-tools, and live whether a crash kernel is loaded).
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import type { SourceLine } from '../parsers/types.ts';
import { daemonConfigLocations } from '../parsers/systemd-ini/dropins.ts';
import { loadSystemdConfig, settingOf, type SystemdSetting } from './_systemd-config.ts';

const COREDUMP_BINARIES = ['/usr/lib/systemd/systemd-coredump', '/lib/systemd/systemd-coredump'];
export const KDUMP_DEFAULTS = '/etc/default/kdump-tools';
const KDUMP_CONFIG = ['/usr/sbin/kdump-config', '/sbin/kdump-config'];
const KEXEC_CRASH_LOADED = '/sys/kernel/kexec_crash_loaded';

export interface CoredumpFacts {
  /** The systemd-coredump helper exists on the target. */
  installed: boolean;
  /** Files read, in the order applied (main file first, then drop-ins). */
  files: string[];
  /** Storage= (none, external, journal); default external. */
  storage: SystemdSetting;
  /** ProcessSizeMax=; default 2G. 0 disables processing of dumps. */
  processSizeMax: SystemdSetting;
  /** Kernel crash dumps (kdump-tools): whether it is installed and enabled, and live whether a crash kernel is loaded. */
  kdump: KdumpState;
}

export interface KdumpState {
  /** kdump-config exists. */
  installed: boolean;
  /** The USE_KDUMP= line of /etc/default/kdump-tools, null when absent. */
  useKdump: SourceLine | null;
  /** USE_KDUMP is 1. */
  enabled: boolean;
  /** Live: /sys/kernel/kexec_crash_loaded is 1 (a crash kernel waits to dump memory); null offline or unreadable. */
  crashKernelLoaded: boolean | null;
}

/** The last `USE_KDUMP=` assignment of /etc/default/kdump-tools (a shell fragment). */
export function useKdumpLine(text: string, file: string): SourceLine | null {
  let found: SourceLine | null = null;
  text.split('\n').forEach((raw, i) => {
    if (/^\s*USE_KDUMP\s*=/.test(raw)) found = { file, line: i + 1, text: raw.replace(/\r$/, '') };
  });
  return found;
}

async function kdumpState(ctx: FactContext): Promise<KdumpState> {
  const { target } = ctx;
  const installed = (await Promise.all(KDUMP_CONFIG.map((p) => target.lstat(p)))).some((r) => r.ok);
  const defaults = await target.readFile(KDUMP_DEFAULTS);
  if (!defaults.ok && defaults.error.code !== 'ENOENT') ctx.diagnostic({ path: KDUMP_DEFAULTS, message: `cannot read: ${defaults.error.message}` });
  const useKdump = defaults.ok ? useKdumpLine(defaults.text, KDUMP_DEFAULTS) : null;
  const value = useKdump?.text.replace(/^[^=]*=/, '').replace(/#.*/, '').trim().replace(/^["']|["']$/g, '');
  let crashKernelLoaded: boolean | null = null;
  if (target.capabilities.live) {
    const r = await target.readFile(KEXEC_CRASH_LOADED);
    if (r.ok) crashKernelLoaded = r.text.trim() === '1';
  }
  return { installed, useKdump, enabled: installed && value === '1', crashKernelLoaded };
}

async function collect(ctx: FactContext): Promise<CoredumpFacts> {
  const installed = (await Promise.all(COREDUMP_BINARIES.map((p) => ctx.target.lstat(p)))).some((r) => r.ok);
  const files = await loadSystemdConfig(ctx, daemonConfigLocations('coredump.conf'));
  return {
    installed,
    files: files.map((f) => f.file),
    storage: settingOf(files, 'Coredump', 'Storage', 'external'),
    processSizeMax: settingOf(files, 'Coredump', 'ProcessSizeMax', '2G'),
    kdump: await kdumpState(ctx),
  };
}

export default defineFact<'coredump', CoredumpFacts>({
  name: 'coredump',
  description: 'Crash dumps: systemd-coredump (installed, Storage/ProcessSizeMax from coredump.conf and drop-ins) and kernel crash dumps (kdump-tools).',
  collect,
});
