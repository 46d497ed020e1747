/** sshd: settings in a drop-in read before every other one, and modes of its files. */
import type { Evidence } from '../../core/report-schema.ts';
import { basename, evidencePaths, modeFix, type Fix, type ManagedFile } from '../actions.ts';

export const SSHD_DROPIN: ManagedFile = {
  path: '/etc/ssh/sshd_config.d/0-garrison.conf',
  mode: '0644',
  reload: 'sshd -t && systemctl reload ssh (or sshd)',
};

/** sshd reads the first value of a keyword; this drop-in sorts before the files that could precede it. */
const SETTINGS: Record<string, string[]> = {
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

const hostKeyFix: Fix = (finding) => {
  const paths = evidencePaths(finding);
  if (paths.length === 0) return { skip: 'the finding names no file' };
  if (finding.messageId === 'keyExposed') return { actions: paths.map((path) => ({ kind: 'mode', path, mode: '0600' })) };
  if (finding.messageId === 'keyNotRootOwned') return { actions: paths.map((path) => ({ kind: 'owner', path, uid: 0 })) };
  return { skip: 'not a mode or owner problem; replace the file by hand' };
};

/** An sshd configuration file another user can change: take write access away from group and others. */
const configModeFix: Fix = (finding, ctx) => {
  if (finding.messageId !== 'writable') return { skip: 'not a mode problem: give the file to root by hand (chown root:root)' };
  return modeFix('go-w')(finding, ctx);
};

/** A helper in /etc/ssh: no write access for others; no execution either unless sshd runs it as another user. */
const helperModeFix: Fix = (finding, ctx) => {
  if (finding.messageId === 'writable') return modeFix('go-w')(finding, ctx);
  if (finding.messageId === 'executableByOthers' && finding.evidence.some((e) => e.note === '(an executable in /etc/ssh)')) return modeFix('go-rwx')(finding, ctx);
  return { skip: 'sshd runs this program as another user or it is not owned by root: change it by hand' };
};

export const SSH_FIXES: [string, Fix][] = [
  ...Object.entries(SETTINGS).map(([id, lines]): [string, Fix] => [id, sshdFix(lines)]),
  ['ssh-weak-kex', (f, ctx) => sshdFix([f.message.includes('GSSAPIKexAlgorithms') ? GSSAPI_KEX : KEX])(f, ctx)],
  ['ssh-host-key-permissions', hostKeyFix],
  ['ssh-config-permissions', configModeFix],
  ['ssh-helper-permissions', helperModeFix],
];
