import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { mountFlags } from '../../parsers/fstab/fstab.ts';
import { describeOrigin, layoutUnknown, notSeparateEvidence } from './_separate-mount.ts';

const REQUIRED = ['nodev', 'nosuid', 'noexec'] as const;

export default defineRule({
  id: 'partitions-tmp-options',
  family: 'partitions',
  title: '/tmp is a separate file system mounted nodev, nosuid and noexec',
  severity: 'medium',
  rationale:
    'Every user and every service can write to /tmp. Mounted with noexec, nosuid and nodev, a file dropped there cannot be run directly, cannot gain privileges through a setuid bit and cannot act as a device node, which breaks the usual "download to /tmp and run" step of an intrusion. These options only exist for a file system of its own.',
  description:
    'Looks at the /tmp mount (live mount table on a running host, else /etc/fstab or an enabled tmp.mount unit with its drop-ins) and checks that the options in effect include nodev, nosuid and noexec. Skipped offline when /etc/fstab configures no file system at all.',
  remediation:
    'Mount /tmp as tmpfs with the three options: add `tmpfs /tmp tmpfs defaults,nodev,nosuid,noexec,size=1G,mode=1777 0 0` to /etc/fstab, or on systemd use tmp.mount (`cp /usr/share/systemd/tmp.mount /etc/systemd/system/ && systemctl enable tmp.mount`) with a drop-in /etc/systemd/system/tmp.mount.d/options.conf containing `[Mount]` and `Options=mode=1777,strictatime,nosuid,nodev,noexec,size=50%`. Then `mount -o remount /tmp` or reboot.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
  messages: {
    ok: '/tmp is mounted with nodev, nosuid and noexec ({{origin}}).',
    notSeparate: '/tmp is not a separate file system, so it cannot be mounted nodev, nosuid and noexec.',
    missingOptions: '/tmp is mounted without {{missing}} ({{origin}}).',
  },
  requires: ['mounts'],
  check({ mounts }, report) {
    const unknown = layoutUnknown(mounts);
    if (unknown) {
      report.skip(unknown);
      return;
    }
    const m = mounts.at('/tmp');
    if (!m) {
      report.fail('notSeparate', { evidence: notSeparateEvidence(mounts, '/tmp').evidence });
      return;
    }
    const flags = mountFlags(m.options);
    const missing = REQUIRED.filter((o) => !flags[o]);
    if (missing.length === 0) report.pass('ok', { data: { origin: describeOrigin(m) } });
    else report.fail('missingOptions', { data: { missing: missing.join(', '), origin: describeOrigin(m) }, evidence: [lineEvidence(m.evidence)] });
  },
});
