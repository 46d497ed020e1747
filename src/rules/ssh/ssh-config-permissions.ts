import { defineRule } from '../../core/rule.ts';
import { NOT_INSTALLED } from './_sshd-option.ts';
import { modeEvidence, modeOf, statOf, writableByNonRoot } from './_files.ts';

export default defineRule({
  id: 'ssh-config-permissions',
  family: 'ssh',
  title: 'Only root can change the SSH configuration',
  severity: 'high',
  rationale:
    'sshd runs as root and obeys its configuration: anyone who can write sshd_config, a drop-in, an included file, a public host ' +
    'key, a trusted CA list or one of their directories can open a root login for themselves at the next reload.',
  description:
    'Checks /etc/ssh, every directory and file under it except executables (see ssh-helper-permissions), every file the ' +
    'configuration includes from elsewhere, host certificates and TrustedUserCAKeys / RevokedKeys files, following symbolic ' +
    'links. Each must be owned by root and not writable by others, nor by a group other than root. Private host keys have ' +
    'their own, stricter rule. Read access is left alone: sshd_config holds no secret.',
  remediation:
    'chown -R root:root /etc/ssh && chmod go-w /etc/ssh /etc/ssh/sshd_config /etc/ssh/sshd_config.d /etc/ssh/sshd_config.d/* ' +
    '(and the same for the files named in the findings), then look for who changed them.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Configuration SSH' }],
  messages: {
    writable: '{{what}} {{path}} can be changed by users other than root: {{mode}}.',
    notRootOwned: '{{what}} {{path}} is not owned by root: {{mode}}.',
  },
  requires: ['sshd'],
  check({ sshd }, report) {
    if (!sshd.installed) return report.skip(NOT_INSTALLED);
    for (const f of sshd.files) {
      if (f.roles.includes('host-key') || f.roles.includes('command') || f.roles.includes('command-directory')) continue;
      const info = statOf(f);
      if (!info) continue;
      // Executables belong to the helper-script rule.
      if (info.type === 'file' && (info.mode & 0o111) !== 0 && !f.roles.includes('config')) continue;
      const what = info.type === 'dir' ? 'Directory' : f.roles.includes('config') ? 'sshd configuration file' : 'File';
      const data = { what, path: f.path, mode: modeOf(sshd, info) };
      if (info.uid !== 0) report.fail('notRootOwned', { data, evidence: [modeEvidence(sshd, f, info, 'owner must be root')], key: `${f.path}:owner` });
      if (writableByNonRoot(info))
        report.fail('writable', { data, evidence: [modeEvidence(sshd, f, info, 'writable by group or others')], key: `${f.path}:write` });
    }
  },
});
