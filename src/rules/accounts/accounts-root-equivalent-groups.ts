import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { findUser, groupMembers } from '../../facts/accounts.ts';
import type { Evidence } from '../../core/report-schema.ts';

export default defineRule({
  id: 'accounts-root-equivalent-groups',
  family: 'accounts',
  title: 'No one is root through group membership',
  severity: 'medium',
  rationale:
    'Some groups are root in all but name. Members of docker (or lxd, incus-admin) can start a container that mounts the host\'s / and change anything in it; members of disk can read and write the raw disks, /etc/shadow included; members of libvirt can attach the host\'s disks to a virtual machine. Unlike sudo, none of this asks for a password or leaves a record of who did what, and it is easily granted by someone who only meant "may manage containers". For a sudo administrator, docker membership is the same as NOPASSWD: ALL.',
  description: 'Lists the members of each root-equivalent group, both those named in /etc/group and the accounts whose primary group it is (root excepted).',
  remediation:
    'Remove people who do not need the access: `gpasswd -d NAME GROUP`. Let those who do reach it through sudo, with a password, so that its use is logged (`NAME ALL=(root) /usr/bin/docker`), or run the daemon rootless (dockerd-rootless-setuptool.sh).',
  params: {
    groups: { default: ['docker', 'lxd', 'incus-admin', 'disk', 'libvirt'], description: 'Groups whose members can take control of the host.' },
  },
  references: [
    { guideline: '004_505672b286b27604.txt', section: "Remise en question de l'accès root universel" },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    member: '"{{user}}" is a member of {{group}}, which gives root on this host.',
  },
  requires: ['accounts'],
  check({ accounts }, report, ctx) {
    if (accounts.groups.length === 0) return report.skip('no /etc/group in this tree');
    for (const name of ctx.param<string[]>('groups')) {
      const group = accounts.groups.find((g) => g.name === name);
      if (!group) continue;
      for (const user of groupMembers(group)) {
        if (user === 'root') continue;
        const evidence: Evidence[] = [lineEvidence(group.source)];
        const account = findUser(accounts, user);
        if (group.primaryMembers.includes(user) && account) evidence.push(lineEvidence(account.source, 'primary group'));
        report.fail('member', { data: { user, group: name }, evidence, key: `${name}:${user}` });
      }
    }
  },
});
