import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { groupBy } from '../../facts/accounts.ts';
import { nameList } from './_accounts.ts';

export default defineRule({
  id: 'accounts-duplicate-gids',
  family: 'accounts',
  title: 'Every group has its own gid and name',
  severity: 'medium',
  rationale:
    'File permissions name groups by number. When two groups share a gid, membership of either one opens every file of both: adding someone to a harmless-looking group can hand them access meant for another, and reviews of who may read what stop being reliable.',
  description: 'Looks for gids used by more than one /etc/group entry and for group names that appear on more than one line.',
  remediation:
    'Give each group its own gid (`groupmod -g NEW_GID NAME`, then `find / -xdev -group OLD_GID -exec chgrp -h NAME {} +`) or remove the extra line with `groupdel` / `vigr`. Check the result with `grpck -r`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: "Découverte d'incohérences LDAP" },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    duplicateGid: 'gid {{gid}} is shared by groups {{names}}.',
    duplicateName: 'Group name "{{name}}" appears on {{count}} lines of {{file}}.',
  },
  requires: ['accounts'],
  check({ accounts }, report, ctx) {
    if (accounts.groups.length === 0) return report.skip('no /etc/group in this tree');
    const byGid = groupBy(accounts.groups, (g) => g.gid);
    const byName = groupBy(accounts.groups, (g) => g.name);
    for (const [gid, groups] of byGid) {
      const names = [...new Set(groups.map((g) => g.name))];
      if (names.length < 2) continue;
      report.fail('duplicateGid', { data: { gid, names: nameList(names) }, evidence: groups.slice(0, ctx.options.maxPaths).map((g) => lineEvidence(g.source)), key: `gid:${gid}` });
    }
    for (const [name, groups] of byName) {
      if (groups.length < 2) continue;
      report.fail('duplicateName', {
        data: { name, count: groups.length, file: groups[0]!.source.file },
        evidence: groups.slice(0, ctx.options.maxPaths).map((g) => lineEvidence(g.source)),
        key: `name:${name}`,
      });
    }
  },
});
