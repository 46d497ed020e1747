import { defineRule } from '../../core/rule.ts';
import { findUser } from '../../facts/accounts.ts';
import { keyEvidence, unrestricted } from './_keys.ts';

export default defineRule({
  id: 'keys-authorized-keys-service',
  family: 'keys',
  title: 'Service accounts accept no unrestricted SSH keys',
  severity: 'medium',
  rationale:
    'An SSH key in a service account\'s home opens a door nobody expects: even with /usr/sbin/nologin as its shell, such a key still lets its holder tunnel through the host (`ssh -N -L ...`) as that account, and with a real shell it gives the service\'s files and privileges. Keys used by automation (git hosting, backups) are normally pinned to one command with `command="..."` and are accepted.',
  description:
    'For the homes of service accounts (see accounts-service-login: uid outside UID_MIN..UID_MAX or no home; root excepted), reports authorized_keys entries without a forced command.',
  remediation:
    'Remove the keys (`: > ~NAME/.ssh/authorized_keys`), or pin each to what it is for: prefix the line with `restrict,command="/path/to/the/one/command"` (and `from="ADDRESS"` where possible).',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    serviceKeys: '{{path}} lets {{count}} unrestricted key(s) log in as service account {{user}}.',
  },
  requires: ['keys', 'accounts'],
  check({ keys, accounts }, report, ctx) {
    if (keys.authorizedKeys.length === 0) return report.skip('no authorized_keys file found');
    for (const f of keys.authorizedKeys) {
      const open = f.keys.filter(unrestricted);
      if (open.length === 0) continue;
      for (const name of f.users) {
        const u = findUser(accounts, name);
        if (!u || !u.system || u.uid === 0 || u.expired) continue;
        report.fail('serviceKeys', { data: { path: f.path, count: open.length, user: name }, evidence: open.slice(0, ctx.options.maxPaths).map(keyEvidence), key: `${name}:${f.path}` });
      }
    }
  },
});
