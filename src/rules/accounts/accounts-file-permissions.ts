import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { groupByGid, ownerName } from '../../facts/accounts.ts';
import { modeNote } from './_accounts.ts';

export default defineRule({
  id: 'accounts-file-permissions',
  family: 'accounts',
  title: 'Account databases have safe owners and modes',
  severity: 'high',
  rationale:
    'Whoever can write /etc/passwd or /etc/group can add a uid 0 account or join any group; whoever can read /etc/shadow or /etc/gshadow gets every password hash to crack offline. Their backup copies (passwd-, shadow-, ...) and the password history in /etc/security/opasswd hold the same data. Debian ships passwd and group as 0644 root:root and the shadow files as 0640 root:shadow.',
  description:
    'For /etc/passwd, /etc/group, /etc/shadow, /etc/gshadow, their `-` backups and /etc/security/opasswd: the owner must be root and nobody else may write; the files holding hashes may be readable only by root and the shadow group.',
  remediation:
    'Restore the Debian defaults: `chown root:root /etc/passwd /etc/group /etc/passwd- /etc/group- && chmod 644 /etc/passwd /etc/group /etc/passwd- /etc/group-`; `chown root:shadow /etc/shadow /etc/gshadow /etc/shadow- /etc/gshadow- && chmod 640 /etc/shadow /etc/gshadow /etc/shadow- /etc/gshadow-`; `chown root:root /etc/security/opasswd && chmod 600 /etc/security/opasswd`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    notRootOwned: '{{path}} is owned by {{owner}}, not root.',
    writable: '{{path}} is writable by users other than root ({{mode}}).',
    secretReadable: '{{path}} holds password hashes and is readable by {{who}} ({{mode}}).',
  },
  requires: ['accounts'],
  check({ accounts }, report) {
    const present = accounts.files.filter((f) => f.info !== null);
    if (present.length === 0) return report.skip('none of the account files exists in this tree');
    for (const f of present) {
      const info = f.info!;
      const data = { path: f.path, mode: modeNote(accounts, info) };
      const evidence = [fileEvidence(f.path, `mode ${data.mode}`)];
      if (info.uid !== 0) report.fail('notRootOwned', { data: { ...data, owner: ownerName(accounts, info.uid) }, evidence, key: `owner:${f.path}` });
      // Group write is only harmless when the group is root's own.
      if (info.mode & 0o002 || (info.mode & 0o020 && info.gid !== 0)) report.fail('writable', { data, evidence, key: `write:${f.path}` });
      if (!f.secret) continue;
      const group = groupByGid(accounts, info.gid)?.name;
      const who = [
        ...(info.mode & 0o004 ? ['every user'] : []),
        ...(info.mode & 0o040 && info.gid !== 0 && group !== 'shadow' ? [`group ${group ?? info.gid}`] : []),
      ];
      if (who.length > 0) report.fail('secretReadable', { data: { ...data, who: who.join(' and ') }, evidence, key: `read:${f.path}` });
    }
  },
});
