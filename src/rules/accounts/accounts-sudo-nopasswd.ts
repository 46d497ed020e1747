import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { expandCommands } from '../../facts/sudoers.ts';
import { grantsToOthers, principalsText, rootEquivalentCommand } from './_sudo.ts';

export default defineRule({
  id: 'accounts-sudo-nopasswd',
  family: 'accounts',
  title: 'sudo asks for a password before granting root',
  severity: 'medium',
  rationale:
    'sudo\'s password prompt is what separates "someone got a shell as this user" (a leaked key, a hijacked terminal, a compromised program running as the user) from "someone is root". NOPASSWD on every command, or on a command that opens a shell or rewrites files as root (an editor, a pager, an interpreter, systemctl or docker with free arguments), removes that step entirely. Narrow NOPASSWD rules for fixed, harmless commands remain acceptable and are not reported.',
  description:
    'Follows /etc/sudoers and its includes with aliases expanded. Reports grants that apply to this host, run as root, carry NOPASSWD and allow every command or a root-equivalent one, and Defaults lines that turn `authenticate` off (for everyone, for some users, hosts or run-as users, or for a root-equivalent command). Grants to root itself are ignored.',
  remediation:
    'Remove `NOPASSWD:` from the reported lines with `visudo` (or `visudo -f /etc/sudoers.d/FILE`), give the administrators a password for sudo (keep SSH key-only login: `PasswordAuthentication no` in sshd_config), and delete `Defaults !authenticate`. Keep NOPASSWD only for specific commands with fixed arguments.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '004_505672b286b27604.txt', section: "Remise en question de l'accès root universel" },
  ],
  messages: {
    nopasswdAll: '{{who}} may run any command as root without a password.',
    nopasswdShell: '{{who}} may run {{command}} as root without a password, which gives a root shell.',
    authenticateDisabled: 'Defaults line turns off authentication{{scope}}: sudo never asks for a password there.',
  },
  requires: ['sudoers'],
  check({ sudoers }, report) {
    if (!sudoers.present) return report.skip('sudo is not installed (no /etc/sudoers)');
    for (const g of sudoers.grants) {
      if (!g.nopasswd || !g.appliesHere || !g.runsAsRoot || g.negated || !grantsToOthers(g)) continue;
      const who = principalsText(g.principals);
      if (g.allCommands) {
        report.fail('nopasswdAll', { data: { who }, evidence: [lineEvidence(g.source)], key: `all:${g.source.file}:${g.source.text}` });
        continue;
      }
      const risky = g.expanded.find((c) => !c.negated && rootEquivalentCommand(c.command));
      if (risky) {
        report.fail('nopasswdShell', { data: { who, command: risky.command }, evidence: [lineEvidence(g.source)], key: `cmd:${g.source.file}:${g.source.text}:${risky.command}` });
      }
    }
    for (const d of sudoers.defaults) {
      for (const s of d.settings) {
        if (s.name !== 'authenticate' || !s.negated) continue;
        // Bound to commands: only a problem when one of them gives a root shell.
        if (d.scope === 'command' && !expandCommands(sudoers, d.bindings).some((c) => !c.negated && rootEquivalentCommand(c.value))) continue;
        const scope = d.scope === 'global' ? '' : ` for ${d.bindings.map((b) => (b.negated ? `!${b.value}` : b.value)).join(', ')}`;
        report.fail('authenticateDisabled', { data: { scope }, evidence: [lineEvidence(d.source)], key: `defaults:${d.source.file}:${d.source.text}` });
      }
    }
  },
});
