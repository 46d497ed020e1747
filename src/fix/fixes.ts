/**
 * The registry of mechanical fixes: rule id → a pure function from a failing finding to the
 * actions that repair it. Rules stay untouched; a rule absent here has no safe mechanical fix.
 * A fix returns either actions or the reason it cannot be applied mechanically (for example a
 * value set inside an sshd Match block, which a global drop-in cannot override).
 */
import type { Evidence, Finding } from '../core/report-schema.ts';

/** A file garrison writes in full: the settings of every fix that targets it. */
export interface ManagedFile {
  path: string;
  mode: string;
  /** What applies the file after it changes. */
  reload: string;
}

export const SSHD_DROPIN: ManagedFile = {
  path: '/etc/ssh/sshd_config.d/0-garrison.conf',
  mode: '0644',
  reload: 'sshd -t && systemctl reload ssh (or sshd)',
};
export const SYSCTL_DROPIN: ManagedFile = { path: '/etc/sysctl.d/zz-garrison.conf', mode: '0644', reload: 'sysctl --system' };
export const LIMITS_DROPIN: ManagedFile = { path: '/etc/security/limits.d/zz-garrison.conf', mode: '0644', reload: 'applies at the next login' };

/** One change a fix makes. */
export type FixAction =
  | { kind: 'setting'; file: ManagedFile; line: string }
  | { kind: 'mode'; path: string; mode: string }
  | { kind: 'owner'; path: string; uid: number };

export type FixResult = { actions: FixAction[] } | { skip: string };

export type Fix = (finding: Finding) => FixResult;

/** sshd reads the first value of a keyword; these drop-ins sort before the files that could precede them. */
const SSHD: Record<string, string[]> = {
  'ssh-root-login': ['PermitRootLogin no'],
  'ssh-password-authentication': ['PasswordAuthentication no'],
  'ssh-empty-passwords': ['PermitEmptyPasswords no'],
  'ssh-kbd-interactive-authentication': ['KbdInteractiveAuthentication no'],
  'ssh-x11-forwarding': ['X11Forwarding no'],
  'ssh-agent-forwarding': ['AllowAgentForwarding no'],
  'ssh-tcp-forwarding': ['AllowTcpForwarding no'],
  'ssh-max-auth-tries': ['MaxAuthTries 3'],
  'ssh-login-grace-time': ['LoginGraceTime 30'],
  'ssh-weak-macs': ['MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com'],
  'ssh-weak-ciphers': ['Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr'],
};

const KEX = 'KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org';
/** Only sshd builds with the GSSAPI key-exchange patch know this keyword: it is written only where the finding is about it. */
const GSSAPI_KEX = 'GSSAPIKexAlgorithms gss-curve25519-sha256-,gss-nistp256-sha256-,gss-group16-sha512-';

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
};

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The first evidence line that sets a value inside a Match block, if any. */
function matchBlock(ev: readonly Evidence[]): Evidence | undefined {
  return ev.find((e) => e.note === 'inside this Match block');
}

function sshdFix(lines: string[]): Fix {
  return (finding) => {
    const block = matchBlock(finding.evidence);
    if (block) return { skip: `set inside "${block.snippet ?? 'Match'}" (${block.path}:${block.line}); a global drop-in cannot override a Match block: edit that block` };
    const dropin = basename(SSHD_DROPIN.path);
    const earlier = finding.evidence.find((e) => e.path?.startsWith('/etc/ssh/sshd_config.d/') && e.line !== undefined && basename(e.path) < dropin);
    if (earlier) return { skip: `set in ${earlier.path}:${earlier.line}, which sshd reads before ${SSHD_DROPIN.path}: edit that line` };
    return { actions: lines.map((line) => ({ kind: 'setting', file: SSHD_DROPIN, line })) };
  };
}

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

/** Evidence paths of a file-permission finding (the files the rule names). */
function evidencePaths(finding: Finding): string[] {
  return [...new Set(finding.evidence.map((e) => e.path).filter((p): p is string => p !== undefined && p.startsWith('/')))];
}

const hostKeyFix: Fix = (finding) => {
  const paths = evidencePaths(finding);
  if (paths.length === 0) return { skip: 'the finding names no file' };
  if (finding.messageId === 'keyExposed') return { actions: paths.map((path) => ({ kind: 'mode', path, mode: '0600' })) };
  if (finding.messageId === 'keyNotRootOwned') return { actions: paths.map((path) => ({ kind: 'owner', path, uid: 0 })) };
  return { skip: 'not a mode or owner problem; replace the file by hand' };
};

/** Rule id → fix. */
export const FIXES: ReadonlyMap<string, Fix> = new Map<string, Fix>([
  ...Object.entries(SSHD).map(([id, lines]): [string, Fix] => [id, sshdFix(lines)]),
  ...Object.entries(SYSCTL).map(([id, line]): [string, Fix] => [id, sysctlFix(line)]),
  ['ssh-weak-kex', (f) => sshdFix([f.message.includes('GSSAPIKexAlgorithms') ? GSSAPI_KEX : KEX])(f)],
  ['kernel-core-limit', coreLimitFix],
  ['ssh-host-key-permissions', hostKeyFix],
]);

/** What the fix command does for one failing finding. */
export interface PlannedFix {
  finding: Finding;
  result: FixResult;
}

/** The fixes for the failing findings of a report that have one, in report order. */
export function planFixes(findings: readonly Finding[]): PlannedFix[] {
  const out: PlannedFix[] = [];
  for (const finding of findings) {
    const fix = finding.status === 'fail' ? FIXES.get(finding.ruleId) : undefined;
    if (fix) out.push({ finding, result: fix(finding) });
  }
  return out;
}
