import { pathSampleRule } from './_path-sample-rule.ts';

export default pathSampleRule({
  id: 'filesystem-world-writable-dirs',
  title: 'World-writable directories have the sticky bit',
  severity: 'medium',
  rationale:
    'In a directory every user may write, the sticky bit is what stops one user from deleting or renaming the files of another. Without it, anyone can replace a file a service or another user placed there, for example swap a script or a socket for their own.',
  description: 'Counts directories writable by others (o+w) that lack the sticky bit (+t), as /tmp has it (mode 1777).',
  remediation:
    'Either take the write bit for others away (`chmod o-w DIR`) and grant access through a group, or, for a real shared scratch area, add the sticky bit: `chmod +t DIR`. To list them: `find / -xdev -type d -perm -0002 ! -perm -1000`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
  pick: (fs) => fs.worldWritableDirs,
  what: 'world-writable directory without the sticky bit',
  plural: 'world-writable directories without the sticky bit',
});
