import { lineEvidence } from '../../core/evidence.ts';
import { defineRule } from '../../core/rule.ts';
import type { SshdCommand } from '../../facts/sshd.ts';
import { NOT_INSTALLED } from './_sshd-option.ts';
import { modeEvidence, modeOf, statOf, writableByNonRoot } from './_files.ts';

export default defineRule({
  id: 'ssh-helper-permissions',
  family: 'ssh',
  title: 'Programs sshd runs are root-owned and closed to other users',
  severity: 'high',
  rationale:
    'sshd runs AuthorizedKeysCommand and AuthorizedPrincipalsCommand to decide who may log in: whoever can change such a program, ' +
    'or a directory on its path, decides it instead. Helper scripts kept in /etc/ssh (LDAP key lookups and the like) often hold ' +
    'credentials, and nobody but the account that runs them needs to execute them.',
  description:
    'Checks the AuthorizedKeysCommand and AuthorizedPrincipalsCommand programs (global and in Match blocks) with every directory ' +
    'above them, and every executable file under /etc/ssh, following symbolic links: each must be owned by root and not ' +
    'writable by others or by a group other than root (high). Executables under /etc/ssh must not be executable by group or ' +
    'others (medium), except a command sshd runs as a non-root user (AuthorizedKeysCommandUser), which needs it.',
  remediation:
    'chown root:root the program and chmod 0700 it, or 0755 if sshd runs it as another user (AuthorizedKeysCommandUser nobody); ' +
    'chmod go-w every directory above it. For example `chown root:root /etc/ssh/ldapssh.sh && chmod 0700 /etc/ssh/ldapssh.sh`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Configuration SSH' }],
  messages: {
    writable: '{{path}} {{role}} can be changed by users other than root: {{mode}}.',
    notRootOwned: '{{path}} {{role}} is not owned by root: {{mode}}.',
    executableByOthers: '{{path}} {{role}} can be run by group or others: {{mode}}.',
  },
  requires: ['sshd'],
  check({ sshd }, report) {
    if (!sshd.installed) return report.skip(NOT_INSTALLED);
    const usedBy = new Map<string, SshdCommand[]>();
    for (const c of sshd.commands) usedBy.set(c.path, [...(usedBy.get(c.path) ?? []), c]);
    for (const f of sshd.files) {
      const info = statOf(f);
      if (!info) continue;
      const commands = usedBy.get(f.path) ?? [];
      const isDir = f.roles.includes('command-directory');
      const below = isDir ? sshd.commands.filter((c) => c.path.startsWith(f.path === '/' ? '/' : `${f.path}/`)) : [];
      const executable = info.type === 'file' && (info.mode & 0o111) !== 0 && f.path.startsWith('/etc/ssh/');
      if (!isDir && commands.length === 0 && !executable) continue;
      const role = isDir ? '(a directory above a command sshd runs)' : commands.length > 0 ? `(run by sshd as ${commands[0]!.keyword})` : '(an executable in /etc/ssh)';
      const data = { path: f.path, role, mode: modeOf(sshd, info) };
      const evidence = [modeEvidence(sshd, f, info, role), ...[...commands, ...below].map((c) => lineEvidence(c.source, `${c.keyword} ${c.path}, run as ${c.user}`))];
      if (info.uid !== 0) report.fail('notRootOwned', { data, evidence, key: `${f.path}:owner` });
      if (writableByNonRoot(info)) report.fail('writable', { data, evidence, key: `${f.path}:write` });
      if (isDir || !f.path.startsWith('/etc/ssh/') || (info.mode & 0o011) === 0) continue;
      // A command run as another user needs the execute bit that user gets.
      if (commands.some((c) => c.user !== 'root' && c.user !== 'none')) continue;
      report.fail('executableByOthers', { data, evidence, key: `${f.path}:exec`, severity: 'medium' });
    }
  },
});
