import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { groupBy } from '../../facts/accounts.ts';
import { nameList } from './_accounts.ts';

export default defineRule({
  id: 'accounts-duplicate-uids',
  family: 'accounts',
  title: 'Every account has its own uid and name',
  severity: 'high',
  rationale:
    'The kernel knows users only by number. Two accounts with one uid are one user with two names and two passwords: each owns the other\'s files, reads its mail and can replace its SSH keys, and logs and audit trails cannot tell them apart. A second line for an existing name is ignored by most programs but not all, so which password and home apply becomes a matter of which program asks. Such inconsistencies typically come from copying entries between machines or directories by hand.',
  description: 'Looks for uids used by more than one /etc/passwd entry and for user names that appear on more than one line.',
  remediation:
    'Give each account its own uid (`usermod -u NEW_UID NAME`, then `find / -xdev -user OLD_UID -exec chown -h NAME {} +` for the files that must move) or remove the extra entry with `userdel` / `vipw`. Check the result with `pwck -r`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: "Découverte d'incohérences LDAP" },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    duplicateUid: 'uid {{uid}} is shared by {{names}}.',
    duplicateName: 'User name "{{name}}" appears on {{count}} lines of {{file}}.',
  },
  requires: ['accounts'],
  check({ accounts }, report, ctx) {
    if (!accounts.present) return report.skip('no /etc/passwd in this tree');
    const byUid = groupBy(accounts.users, (u) => u.uid);
    const byName = groupBy(accounts.users, (u) => u.name);
    for (const [uid, users] of byUid) {
      const names = [...new Set(users.map((u) => u.name))];
      if (names.length < 2) continue;
      report.fail('duplicateUid', {
        data: { uid, names: nameList(names) },
        evidence: users.slice(0, ctx.options.maxPaths).map((u) => lineEvidence(u.source)),
        key: `uid:${uid}`,
        ...(uid === 0 ? { severity: 'critical' as const } : {}),
      });
    }
    for (const [name, users] of byName) {
      if (users.length < 2) continue;
      report.fail('duplicateName', {
        data: { name, count: users.length, file: users[0]!.source.file },
        evidence: users.slice(0, ctx.options.maxPaths).map((u) => lineEvidence(u.source)),
        key: `name:${name}`,
      });
    }
  },
});
