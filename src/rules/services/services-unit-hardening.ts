import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { exposure, runsPrivileged } from './_exposure.ts';

export default defineRule({
  id: 'services-unit-hardening',
  family: 'services',
  title: 'Locally written service units use basic sandboxing',
  severity: 'low',
  rationale:
    'A service started by systemd runs as root with the whole file system writable unless its unit says otherwise. Five settings remove most of what a compromised service could do to the host: its own user, no privilege gain through setuid programs, a read-only system, no access to home directories, and a private /tmp. Units written on the host are the ones nobody else reviews.',
  description:
    'For service units written on the host (regular files in /etc/systemd/system and /usr/local/lib/systemd/system, with all their drop-ins applied), computes the exposure score the way `systemd-analyze security` does and reports the units that lack User= (or DynamicUser=), NoNewPrivileges=yes, ProtectSystem=strict or full, ProtectHome= (yes, read-only or tmpfs) or PrivateTmp=yes. DynamicUser=yes implies all but the first. Early-boot units (DefaultDependencies=no) are not asked for the file system settings. A unit that runs as root is reported as medium severity.',
  remediation:
    'Add a drop-in with `systemctl edit <unit>`: `[Service]` `User=<service account>` (or `DynamicUser=yes`), `NoNewPrivileges=yes`, `ProtectSystem=strict` with `ReadWritePaths=` for the directories it writes, `ProtectHome=yes`, `PrivateTmp=yes`; then `systemctl restart <unit>` and review the rest with `systemd-analyze security <unit>`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
  ],
  messages: {
    weakUnit: '{{unit}} has an exposure of {{score}} ({{level}}) and lacks {{missing}}.',
  },
  requires: ['systemd'],
  check({ systemd }, report) {
    if (!systemd.present) return report.skip('systemd is not installed');
    for (const u of systemd.custom) {
      const e = exposure(u.files);
      const i = e.info;
      const root = runsPrivileged(i);
      const missing: string[] = [];
      if (root) missing.push('User=');
      if (!i.bools.NoNewPrivileges) missing.push('NoNewPrivileges=yes');
      if (i.defaultDependencies) {
        if (i.protectSystem !== 'strict' && i.protectSystem !== 'full') missing.push('ProtectSystem=strict');
        if (i.protectHome === 'no') missing.push('ProtectHome=yes');
        if (!i.bools.PrivateTmp) missing.push('PrivateTmp=yes');
      }
      if (missing.length === 0) continue;
      report.fail('weakUnit', {
        data: { unit: u.name, score: e.score.toFixed(1), level: e.level, missing: missing.join(', ') },
        evidence: [fileEvidence(u.path, `exposure ${e.score.toFixed(1)} ${e.level}; missing ${missing.join(', ')}`), ...u.files.slice(1, 3).map((f) => fileEvidence(f.file, 'drop-in applied'))],
        key: u.name,
        severity: root ? 'medium' : 'low',
      });
    }
  },
});
