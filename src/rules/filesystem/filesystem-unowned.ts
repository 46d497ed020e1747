import { pathSampleRule } from './_path-sample-rule.ts';

export default pathSampleRule({
  id: 'filesystem-unowned',
  title: 'Every file has a known owner and group',
  severity: 'low',
  rationale:
    'A file whose uid or gid matches no account is left over from a deleted user, an unpacked archive or a container. The next account created with that id silently becomes its owner, with whatever access the file grants; such files also escape reviews based on user names.',
  description:
    'Counts entries whose uid is not in /etc/passwd or whose gid is not in /etc/group. On a live host the ids are also looked up through NSS (getent), so directory (LDAP) users and systemd dynamic users count as known.',
  remediation:
    'Give each listed file an existing owner and group (`chown USER:GROUP FILE`) or delete it if it is a leftover. To list them: `find / -xdev \\( -nouser -o -nogroup \\)`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
  pick: (fs) => fs.unowned,
  what: 'file without a known owner or group',
  plural: 'files without a known owner or group',
  extra: (fs) => {
    const ids = [
      fs.unknownUids.length ? `uid ${fs.unknownUids.slice(0, 10).join(', ')}` : '',
      fs.unknownGids.length ? `gid ${fs.unknownGids.slice(0, 10).join(', ')}` : '',
    ].filter(Boolean);
    const nss = fs.nssPasswdSources.length ? ` nsswitch.conf also takes users from ${fs.nssPasswdSources.join(', ')}: offline those users are unknown.` : '';
    return `Unknown ids: ${ids.join('; ')}.${nss}`;
  },
});
