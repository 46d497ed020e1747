import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'services-sysv-scripts',
  family: 'services',
  title: 'Local boot scripts are systemd units, not /etc/init.d scripts',
  severity: 'low',
  rationale:
    'systemd only runs /etc/init.d scripts through a compatibility generator that may go away, and such scripts get none of the sandboxing, restart policy, dependency ordering or logging a unit file gives. Boot scripts written by hand for a server are easy to forget and to leave running as root; a unit makes them visible and hardenable.',
  description:
    'On systemd hosts, reports scripts in /etc/init.d that start at boot (an S link in /etc/rc2.d to /etc/rc5.d) and have no systemd unit of the same name (the generator strips `.sh`; a masked unit counts as a unit). Scripts installed by a Debian package are left to their package.',
  remediation:
    'Write a unit instead, e.g. /etc/systemd/system/<name>.service with `[Service] ExecStart=/usr/local/sbin/<name>`, `User=`, `NoNewPrivileges=yes`, `ProtectSystem=strict`, `[Install] WantedBy=multi-user.target`; then `systemctl daemon-reload && systemctl enable --now <name>`, `update-rc.d <script> remove` and delete the script.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Pistes et idées' },
  ],
  messages: {
    sysvScript: '{{script}} starts at boot as a SysV init script without a systemd unit.',
  },
  requires: ['systemd', 'packages'],
  check({ systemd, packages }, report) {
    if (!systemd.present) return report.skip('systemd is not installed: init scripts are the boot mechanism');
    for (const s of systemd.sysv) {
      if (s.hasUnit || s.startLinks.length === 0 || packages.owns(s.path)) continue;
      report.fail('sysvScript', { data: { script: s.path }, evidence: [fileEvidence(s.path, 'no unit of this name'), ...s.startLinks.slice(0, 2).map((l) => fileEvidence(l, 'start link'))], key: s.name });
    }
  },
});
