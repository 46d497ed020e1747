import { defineRule } from '../../core/rule.ts';
import { NOT_INSTALLED } from './_sshd-option.ts';
import { modeEvidence, modeOf, statOf } from './_files.ts';

/** The group some distributions let read host keys (0640 root:ssh_keys). */
const KEY_GROUP = 'ssh_keys';

export default defineRule({
  id: 'ssh-host-key-permissions',
  family: 'ssh',
  title: 'SSH private host keys are readable by root only',
  severity: 'high',
  rationale:
    "Whoever reads a server's private host key can impersonate the server: clients will hand their passwords, agents and " +
    'sessions to a man in the middle without any warning. The key must stay readable by root alone.',
  description:
    'Checks every private host key: the HostKey files of the effective configuration (or the default keys that exist) and every ' +
    '/etc/ssh/ssh_host_*_key file, following symbolic links. Each must be a regular file owned by root with no access for group ' +
    'or others (0600 or 0400); 0640 is accepted only with the group ssh_keys, which some distributions use for that purpose.',
  remediation: 'chown root:root /etc/ssh/ssh_host_*_key && chmod 0600 /etc/ssh/ssh_host_*_key (and the same for keys named by HostKey lines elsewhere).',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Configuration SSH' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    keyExposed: 'Private host key {{path}} is accessible beyond root: {{mode}}.',
    keyNotRootOwned: 'Private host key {{path}} is not owned by root: {{mode}}.',
  },
  requires: ['sshd'],
  check({ sshd }, report) {
    if (!sshd.installed) return report.skip(NOT_INSTALLED);
    for (const f of sshd.files) {
      if (!f.roles.includes('host-key')) continue;
      const info = statOf(f);
      if (!info || info.type !== 'file') continue;
      const data = { path: f.path, mode: modeOf(sshd, info) };
      if (info.uid !== 0) report.fail('keyNotRootOwned', { data, evidence: [modeEvidence(sshd, f, info, 'owner must be root')], key: `${f.path}:owner` });
      const keyGroup = sshd.groupNames.get(info.gid) === KEY_GROUP;
      const allowed = keyGroup ? 0o7640 : 0o7600;
      if ((info.mode & 0o777 & ~allowed) !== 0)
        report.fail('keyExposed', { data, evidence: [modeEvidence(sshd, f, info, keyGroup ? 'at most 0640 with group ssh_keys' : 'must be 0600')], key: `${f.path}:mode` });
    }
  },
});
