import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { writeWatch } from './_audit.ts';

export default defineRule({
  id: 'auditd-watch-systemd-units',
  family: 'logging',
  title: 'Changes to systemd unit files are audited',
  severity: 'low',
  rationale:
    'A new or modified unit file is a classic way to make a backdoor survive reboots. Units live in /etc/systemd and in the vendor directory (/lib/systemd or /usr/lib/systemd); watching both records such changes.',
  description:
    'Checks that writes to /etc/systemd/system and to /lib/systemd/system (or /usr/lib/systemd/system, the same directory on merged-/usr systems) are covered by a write watch or a `-F dir=` rule on the directory or one of its parents.',
  remediation: 'Add to /etc/audit/rules.d/50-systemd.rules:\n  -w /etc/systemd/ -p wa -k systemd_units\n  -w /lib/systemd/ -p wa -k systemd_units\nthen `augenrules --load`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Amélioration de la politique auditd' }],
  messages: {
    unitsNotWatched: 'Writes to {{dir}} are not audited.',
  },
  requires: ['auditd'],
  check({ auditd }, report) {
    if (!auditd.installed) return report.skip('auditd is not installed');
    const where = auditd.ruleFiles[0] ?? '/etc/audit/rules.d';
    if (!writeWatch(auditd.commands, '/etc/systemd/system'))
      report.fail('unitsNotWatched', { data: { dir: '/etc/systemd' }, evidence: [fileEvidence(where, 'no write watch covering /etc/systemd')], key: 'etc' });
    if (!writeWatch(auditd.commands, '/lib/systemd/system') && !writeWatch(auditd.commands, '/usr/lib/systemd/system'))
      report.fail('unitsNotWatched', { data: { dir: '/lib/systemd (or /usr/lib/systemd)' }, evidence: [fileEvidence(where, 'no write watch covering the vendor unit directory')], key: 'lib' });
  },
});
