import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { groupByGid } from '../../facts/accounts.ts';
import type { SudoersPrincipal } from '../../facts/sudoers.ts';

export default defineRule({
  id: 'accounts-sudo-broad-grants',
  family: 'accounts',
  title: 'Full sudo rights go only to the administrators\' group',
  severity: 'high',
  rationale:
    'A sudoers line that gives ALL commands to a group gives root to everyone who is, or will be, in that group. That is the intent for the administrators\' group (sudo on Debian, wheel elsewhere), but groups such as users, staff, docker or a department\'s group grow for unrelated reasons, and nobody adding a member thinks of it as making them root. Granting ALL to the user list ALL makes every account on the host root.',
  description:
    'Reports grants that apply to this host, run as root and allow every command when they name ALL users, or a group (`%name`, `%#gid`, `%:name`, `+netgroup`, directly or through a User_Alias) that is not one of the administrators\' groups.',
  remediation:
    'Grant full rights to named administrators or to the administrators\' group only (`%sudo ALL=(ALL:ALL) ALL`, and `adduser NAME sudo` for each of them); give other groups the specific commands they need, e.g. `%deploy ALL=(root) /usr/bin/systemctl restart myapp`.',
  params: {
    adminGroups: { default: ['sudo', 'wheel', 'admin', 'root'], description: 'Groups meant to hold the host\'s administrators.' },
  },
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '004_505672b286b27604.txt', section: "Remise en question de l'accès root universel" },
  ],
  messages: {
    allToEveryone: 'Every user may run any command as root.',
    allToGroup: 'Group {{group}} may run any command as root.',
  },
  requires: ['sudoers', 'accounts'],
  check({ sudoers, accounts }, report, ctx) {
    if (!sudoers.present) return report.skip('sudo is not installed (no /etc/sudoers)');
    const admins = new Set(ctx.param<string[]>('adminGroups'));
    const groupNameOf = (p: SudoersPrincipal): string | null => {
      if (p.kind === 'group' || p.kind === 'nonunix-group') return p.name;
      if (p.kind === 'gid') return groupByGid(accounts, Number(p.name))?.name ?? null;
      return null;
    };
    for (const g of sudoers.grants) {
      if (!g.allCommands || !g.appliesHere || !g.runsAsRoot || g.negated) continue;
      for (const p of g.principals) {
        if (p.negated) continue;
        if (p.kind === 'all') {
          report.fail('allToEveryone', { evidence: [lineEvidence(g.source)], key: `ALL:${g.source.file}:${g.source.text}`, severity: 'critical' });
          continue;
        }
        if (p.kind !== 'group' && p.kind !== 'gid' && p.kind !== 'nonunix-group' && p.kind !== 'netgroup') continue;
        const name = groupNameOf(p);
        if (name !== null && admins.has(name)) continue;
        const shown = { group: '%', gid: '%#', 'nonunix-group': '%:', netgroup: '+' }[p.kind] + p.name + (p.kind === 'gid' && name ? ` (${name})` : '');
        report.fail('allToGroup', { data: { group: shown }, evidence: [lineEvidence(g.source)], key: `group:${shown}:${g.source.file}:${g.source.text}` });
      }
    }
  },
});
