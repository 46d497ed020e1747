import { pathSampleRule } from './_path-sample-rule.ts';
import { SYSTEM_DIRS } from '../../facts/filesystem.ts';

export default pathSampleRule({
  id: 'filesystem-group-writable-system',
  title: 'Root-owned system files are not writable by their group',
  severity: 'medium',
  rationale:
    'Files and directories under /etc, /usr, /boot and the library and binary directories are run or trusted by root. If their group may write them, every member of that group, and every service running with it, can change what root executes or reads: a quiet path to root.',
  description: `Counts root-owned regular files and directories with the group write bit under ${SYSTEM_DIRS.join(', ')}. Debian's setgid root:staff directories under /usr/local (writable by the staff group by design) are not counted.`,
  remediation: 'Remove the group write bit (`chmod g-w PATH`) on each listed path, and check who is in its group. To list them: `find /etc /usr /boot -xdev -user root -perm -g+w ! -type l`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
  pick: (fs) => fs.groupWritableSystem,
  what: 'group-writable root-owned system path',
  plural: 'group-writable root-owned system paths',
});
