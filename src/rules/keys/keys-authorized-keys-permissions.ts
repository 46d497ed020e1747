import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { ownerName, findUser } from '../../facts/accounts.ts';
import { modeNote, writableByOthers } from '../accounts/_accounts.ts';

export default defineRule({
  id: 'keys-authorized-keys-permissions',
  family: 'keys',
  title: 'authorized_keys files can be changed only by their account',
  severity: 'high',
  rationale:
    'authorized_keys decides who may log in as an account. If another user can write the file, the ~/.ssh directory or the home directory above it, they can add their own key (or swap the file) and log in as that account; for an administrator that means root. sshd\'s StrictModes refuses such files, so the same mistake also locks the rightful owner out.',
  description:
    'For every ~/.ssh/authorized_keys and authorized_keys2: the file must belong to its account or root, and neither it, its ~/.ssh directory nor the home directory may be writable by others, or by a group with members other than the owner.',
  remediation: 'For each reported account: `chown NAME: ~NAME/.ssh ~NAME/.ssh/authorized_keys && chmod 700 ~NAME/.ssh && chmod 600 ~NAME/.ssh/authorized_keys && chmod go-w ~NAME`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    wrongOwner: '{{path}} belongs to {{owner}}, not to {{users}} or root.',
    writable: '{{what}} {{path}} is writable by users other than {{users}} ({{mode}}).',
  },
  requires: ['keys', 'accounts'],
  check({ keys, accounts }, report) {
    if (keys.authorizedKeys.length === 0) return report.skip('no authorized_keys file found');
    for (const f of keys.authorizedKeys) {
      const users = f.users.join(', ') || 'root';
      const uids = new Set([0, ...f.users.map((u) => findUser(accounts, u)?.uid).filter((u): u is number => u !== undefined)]);
      if (!uids.has(f.info.uid)) {
        report.fail('wrongOwner', { data: { path: f.path, owner: ownerName(accounts, f.info.uid), users }, evidence: [fileEvidence(f.path, `mode ${modeNote(accounts, f.info)}`)], key: `owner:${f.path}` });
      }
      const checks: [string, string, typeof f.info | null][] = [
        ['File', f.path, f.info],
        ['Directory', f.path.slice(0, f.path.lastIndexOf('/')), f.dirInfo],
        ['Home directory', f.home, f.homeInfo],
      ];
      for (const [what, path, info] of checks) {
        if (!info || !writableByOthers(accounts, info)) continue;
        const mode = modeNote(accounts, info);
        const evidence: Evidence[] = [fileEvidence(path, `mode ${mode}`)];
        if (path !== f.path) evidence.push(fileEvidence(f.path, 'authorized_keys below it'));
        report.fail('writable', { data: { what, path, users, mode }, evidence, key: `write:${path}` });
      }
    }
  },
});
