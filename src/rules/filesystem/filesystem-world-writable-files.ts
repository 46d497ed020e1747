import { pathSampleRule } from './_path-sample-rule.ts';

export default pathSampleRule({
  id: 'filesystem-world-writable-files',
  title: 'No file is writable by every user',
  severity: 'medium',
  rationale:
    'A file any local account can write is a file any compromised service can change: a backup that can be replaced, a script that another user or root later runs, a configuration file read by a daemon. Write access for "others" is almost never what was meant.',
  description: 'Counts regular files with the write bit for others (o+w) found by the file system walk, symbolic links excluded.',
  remediation:
    'Remove the write bit for others: `chmod o-w FILE` for each listed file (to find them all: `find / -xdev -type f -perm -0002`). Give write access through a group instead where several accounts need it.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' },
    { guideline: '004_505672b286b27604.txt', section: 'Correction des permissions' },
  ],
  pick: (fs) => fs.worldWritableFiles,
  what: 'world-writable file',
  plural: 'world-writable files',
});
