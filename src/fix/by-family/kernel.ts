/** Kernel parameters in a sysctl drop-in applied after the others, and the hard core limit. */
import { basename, type Fix, type ManagedFile } from '../actions.ts';

export const SYSCTL_DROPIN: ManagedFile = { path: '/etc/sysctl.d/zz-garrison.conf', mode: '0644', reload: 'sysctl --system' };
export const LIMITS_DROPIN: ManagedFile = { path: '/etc/security/limits.d/zz-garrison.conf', mode: '0644', reload: 'applies at the next login' };

/** Kernel parameters and the value the fix sets (the strictest value every rule accepts). */
const SYSCTL: Record<string, string> = {
  'kernel-dmesg-restrict': 'kernel.dmesg_restrict = 1',
  'kernel-kptr-restrict': 'kernel.kptr_restrict = 1',
  'kernel-protected-fifos': 'fs.protected_fifos = 1',
  'kernel-protected-hardlinks': 'fs.protected_hardlinks = 1',
  'kernel-protected-regular': 'fs.protected_regular = 1',
  'kernel-protected-symlinks': 'fs.protected_symlinks = 1',
  'kernel-ptrace-scope': 'kernel.yama.ptrace_scope = 1',
  'kernel-randomize-va-space': 'kernel.randomize_va_space = 2',
  'kernel-suid-dumpable': 'fs.suid_dumpable = 0',
  'kernel-core-pattern': 'kernel.core_pattern = |/bin/false',
};

function sysctlFix(line: string): Fix {
  return (finding) => {
    const dropin = basename(SYSCTL_DROPIN.path);
    // procps' `sysctl --system` reads /etc/sysctl.conf after every drop-in.
    const later = finding.evidence.find((e) => e.line !== undefined && e.path !== undefined && (e.path === '/etc/sysctl.conf' || basename(e.path) > dropin));
    if (later) return { skip: `set in ${later.path}:${later.line}, which is applied after ${SYSCTL_DROPIN.path}: edit that line` };
    return { actions: [{ kind: 'setting', file: SYSCTL_DROPIN, line }] };
  };
}

const coreLimitFix: Fix = (finding) => {
  if (finding.messageId !== 'missing' && finding.messageId !== 'nonZero') {
    return { skip: 'a user- or group-specific entry raises the hard core limit; remove it by hand' };
  }
  return { actions: ['*    hard    core    0', 'root hard    core    0'].map((line) => ({ kind: 'setting', file: LIMITS_DROPIN, line })) };
};

export const KERNEL_FIXES: [string, Fix][] = [...Object.entries(SYSCTL).map(([id, line]): [string, Fix] => [id, sysctlFix(line)]), ['kernel-core-limit', coreLimitFix]];
