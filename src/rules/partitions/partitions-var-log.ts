import { defineRule } from '../../core/rule.ts';
import { describeOrigin, layoutUnknown, notSeparateEvidence } from './_separate-mount.ts';

export default defineRule({
  id: 'partitions-var-log',
  family: 'partitions',
  title: '/var/log is on its own file system',
  severity: 'medium',
  rationale:
    'Logs grow without asking: a flood of requests, a chatty audit policy or a runaway service can fill the disk that holds them. When /var/log shares that disk with /var/lib (databases, container volumes) or with /, a full log partition becomes an outage of everything else; on its own file system it only stops logging.',
  description:
    'Passes when /var/log is a mount point: in the live mount table on a running host, otherwise in /etc/fstab (entries with noauto excluded) or an enabled var-log.mount unit. Skipped offline when /etc/fstab configures no file system at all.',
  remediation:
    'Give /var/log its own partition or logical volume: create it (e.g. `lvcreate -L 10G -n varlog vg0 && mkfs.ext4 /dev/vg0/varlog`), copy the current logs onto it from single-user mode, and add an /etc/fstab line such as `/dev/vg0/varlog /var/log ext4 defaults,nodev,nosuid,noexec 0 2`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Partitionnement de /var' }],
  messages: {
    ok: '/var/log is its own file system ({{fstype}} from {{source}}, {{origin}}).',
    notSeparate: '/var/log is not a separate file system: it shares {{holder}} with other data.',
  },
  requires: ['mounts'],
  check({ mounts }, report) {
    const unknown = layoutUnknown(mounts);
    if (unknown) {
      report.skip(unknown);
      return;
    }
    const m = mounts.at('/var/log');
    if (m) {
      report.pass('ok', { data: { fstype: m.fstype, source: m.source, origin: describeOrigin(m) } });
      return;
    }
    const { holder, evidence } = notSeparateEvidence(mounts, '/var/log');
    report.fail('notSeparate', { data: { holder: holder === '/' ? 'the root file system' : `the ${holder} file system` }, evidence });
  },
});
