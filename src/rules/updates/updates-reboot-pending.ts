import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { compareVersions } from '../../facts/updates.ts';

export default defineRule({
  id: 'updates-reboot-pending',
  family: 'updates',
  title: 'No reboot is pending after updates',
  severity: 'medium',
  rationale:
    'Kernel and core library fixes only take effect after a reboot: until then the host keeps running the vulnerable code that the update replaced on disk, while package tools report it as patched.',
  description:
    'Reports the flag file that Debian and Ubuntu tools write when an update needs a reboot (/run/reboot-required, also reached as /var/run/reboot-required), with the packages listed in reboot-required.pkgs. On a live host, also compares the running kernel (/proc/sys/kernel/osrelease or `uname -r`) with the newest kernel image in /boot (dpkg version order).',
  remediation:
    'Schedule a reboot in the next maintenance window (`systemctl reboot`), or let unattended-upgrades do it at a quiet hour: `Unattended-Upgrade::Automatic-Reboot "true";` and `Unattended-Upgrade::Automatic-Reboot-Time "03:00";` in /etc/apt/apt.conf.d/52unattended-upgrades-local.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Kernel updates' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Automatic software updates' },
  ],
  messages: {
    flagFile: 'A reboot is required to finish installing updates{{packages}}.',
    kernelOutdated: 'The running kernel {{running}} is older than the installed kernel {{newest}}: its fixes are not active until a reboot.',
  },
  requires: ['updates'],
  check({ updates }, report) {
    const rr = updates.rebootRequired;
    if (rr) {
      const pk = rr.packages.length > 0 ? ` (${rr.packages.slice(0, 10).join(', ')}${rr.packages.length > 10 ? ', ...' : ''})` : '';
      report.fail('flagFile', { data: { packages: pk }, evidence: [fileEvidence(rr.path, 'written by the package tools after an update that needs a reboot')], key: 'flag' });
    }
    const running = updates.runningKernel;
    const newest = updates.kernels.at(-1);
    if (running && newest && compareVersions(running.version, newest.version) < 0) {
      report.fail('kernelOutdated', {
        data: { running: running.version, newest: newest.version },
        evidence: [fileEvidence(newest.path, `newest installed kernel`), fileEvidence(running.source === 'uname -r' ? '/proc/sys/kernel/osrelease' : running.source, `running kernel ${running.version}`)],
        key: 'kernel',
      });
    }
  },
});
