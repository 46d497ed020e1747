import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { ownerName } from '../../facts/accounts.ts';
import { modeNote } from './_accounts.ts';

export default defineRule({
  id: 'accounts-sudoers-permissions',
  family: 'accounts',
  title: 'sudoers files and their directories are root\'s alone',
  severity: 'high',
  rationale:
    'Whoever can change a file sudo reads, or create one in a directory it includes, decides who is root. sudo refuses some of the worst cases at run time, but by then the file may already have been rewritten; and sudoers readable by everyone tells an attacker which accounts and commands to aim for. visudo creates them 0440 root:root.',
  description:
    'For /etc/sudoers and every file it includes (followed as sudo does): owned by root, not writable by group or others, not readable by others. For each includedir and each directory holding a sudoers file: owned by root and not writable by group or others.',
  remediation:
    'Fix each reported path: `chown root:root FILE && chmod 0440 FILE` for sudoers files, `chown root:root DIR && chmod 0755 DIR` for directories (Debian ships /etc/sudoers.d as 0755). Then run `visudo -c` to check the whole policy.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '004_505672b286b27604.txt', section: "Remise en question de l'accès root universel" },
  ],
  messages: {
    notRootOwned: '{{path}} is owned by {{owner}}, not root.',
    writable: '{{path}} is writable by users other than root ({{mode}}).',
    worldReadable: '{{path}} is readable by every user ({{mode}}).',
    dirWritable: 'Directory {{path}} lets users other than root change the sudoers files in it ({{mode}}).',
  },
  requires: ['sudoers', 'accounts'],
  check({ sudoers, accounts }, report) {
    if (!sudoers.present) return report.skip('sudo is not installed (no /etc/sudoers)');
    for (const f of sudoers.files) {
      const mode = modeNote(accounts, f.info);
      const evidence: Evidence[] = [fileEvidence(f.path, `mode ${mode}`)];
      if (f.includedFrom) evidence.push(lineEvidence(f.includedFrom, 'included here'));
      if (f.info.uid !== 0) report.fail('notRootOwned', { data: { path: f.path, owner: ownerName(accounts, f.info.uid) }, evidence, key: `owner:${f.path}` });
      if (f.info.mode & 0o022) report.fail('writable', { data: { path: f.path, mode }, evidence, key: `write:${f.path}` });
      if (f.info.mode & 0o004) report.fail('worldReadable', { data: { path: f.path, mode }, evidence, key: `read:${f.path}`, severity: 'low' });
    }
    for (const d of sudoers.dirs) {
      if (d.info.uid === 0 && (d.info.mode & 0o022) === 0) continue;
      const mode = modeNote(accounts, d.info);
      const evidence: Evidence[] = [fileEvidence(d.path, `mode ${mode}`)];
      if (d.via) evidence.push(lineEvidence(d.via, d.role === 'includedir' ? 'included here' : 'a file in it is included here'));
      report.fail('dirWritable', { data: { path: d.path, mode }, evidence, key: `dir:${d.path}` });
    }
  },
});
