/**
 * Judgements on sudo grants shared by the sudo rules.
 */
import type { SudoGrant, SudoersPrincipal } from '../../facts/sudoers.ts';

/** Programs that open a shell or can rewrite any file, whatever arguments they are given (GTFOBins' "sudo" entries). */
const ESCAPES_ALWAYS = new Set(['vi', 'vim', 'nvim', 'view', 'rvim', 'vimdiff', 'ed', 'emacs', 'nano', 'pico', 'less', 'more', 'most', 'man']);

/** Programs that do so when the caller may choose the arguments. */
const ESCAPES_WITH_ARGS = new Set([
  'sh', 'bash', 'dash', 'zsh', 'ksh', 'csh', 'tcsh', 'fish', 'ash', 'mksh', 'busybox',
  'su', 'sudo', 'env', 'nice', 'nohup', 'timeout', 'stdbuf', 'xargs', 'flock', 'script', 'expect',
  'python', 'perl', 'ruby', 'php', 'node', 'nodejs', 'lua', 'tclsh', 'awk', 'gawk', 'mawk', 'nawk',
  'find', 'tee', 'dd', 'cp', 'mv', 'ln', 'install', 'chmod', 'chown', 'chgrp', 'sed', 'tar', 'zip', 'rsync',
  'apt', 'apt-get', 'dpkg', 'pip', 'pip3', 'npm', 'gem', 'git', 'make',
  'docker', 'podman', 'systemctl', 'journalctl', 'crontab', 'mount', 'chroot', 'nsenter', 'unshare', 'visudo',
]);

/** Runs as root and grants a shell: ALL, a shell escape, or an any-path wildcard. */
export function rootEquivalentCommand(command: string): boolean {
  if (command === 'ALL') return true;
  const [path = '', ...args] = command.split(' ');
  if (path === 'sudoedit') return false;
  if (/[*?[]/.test(path)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  // Interpreters carry their version in the name (python3.11, perl5.36, lua5.4).
  const base = /^(python|perl|ruby|php|lua|node)/.test(name) ? name.replace(/[\d.]+$/, '') : name;
  if (ESCAPES_ALWAYS.has(base)) return true;
  // No arguments in sudoers means any arguments; a wildcard lets the caller add their own.
  const anyArgs = args.length === 0 || args.some((a) => a.includes('*'));
  return anyArgs && ESCAPES_WITH_ARGS.has(base);
}

/** "%sudo, bob" for messages. */
export function principalsText(principals: readonly SudoersPrincipal[]): string {
  const show = (p: SudoersPrincipal) => {
    const name = { all: 'ALL', user: p.name, uid: `#${p.name}`, group: `%${p.name}`, gid: `%#${p.name}`, 'nonunix-group': `%:${p.name}`, netgroup: `+${p.name}` }[p.kind];
    return p.negated ? `!${name}` : name;
  };
  return principals.map(show).join(', ');
}

/** The grant concerns someone other than root itself (root gains nothing from sudo). */
export function grantsToOthers(grant: SudoGrant): boolean {
  return grant.principals.some((p) => !p.negated && !(p.kind === 'user' && p.name === 'root') && !(p.kind === 'uid' && p.name === '0'));
}
