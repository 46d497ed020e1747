import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { coreDisposal, effectiveSysctl } from './_sysctl-rule.ts';

export default defineRule({
  id: 'kernel-coredump-storage',
  family: 'kernel',
  title: 'systemd-coredump does not keep core dumps',
  severity: 'medium',
  rationale:
    'When the kernel hands core dumps to systemd-coredump, its default (Storage=external) keeps every dump under /var/lib/systemd/coredump, compressed but readable by root and by anyone who later gets at the disk or its backups, with all the secrets the crashed process held.',
  description:
    'Applies when systemd-coredump is installed and kernel.core_pattern hands dumps to it. Reads coredump.conf and its drop-ins (/etc, /run, /usr/lib, systemd precedence) and passes when Storage=none or ProcessSizeMax=0.',
  remediation:
    'Create /etc/systemd/coredump.conf.d/disable.conf with the lines `[Coredump]`, `Storage=none` and `ProcessSizeMax=0`, then run `systemctl daemon-reload`. Remove dumps already kept with `rm -f /var/lib/systemd/coredump/*`.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
  messages: {
    ok: 'systemd-coredump keeps no dumps ({{why}}).',
    notUsed: 'kernel.core_pattern ({{value}}) does not hand dumps to systemd-coredump.',
    stored: 'systemd-coredump keeps core dumps: Storage={{storage}} ({{origin}}) and ProcessSizeMax={{size}}.',
  },
  requires: ['coredump', 'sysctl'],
  check({ coredump, sysctl }, report) {
    if (!coredump.installed) {
      report.skip('systemd-coredump is not installed');
      return;
    }
    const pattern = effectiveSysctl(sysctl, 'kernel.core_pattern', 'core');
    if (coreDisposal(pattern.value).kind !== 'systemd-coredump') {
      report.pass('notUsed', { data: { value: pattern.value } });
      return;
    }
    const { storage, processSizeMax } = coredump;
    if (storage.value === 'none') {
      report.pass('ok', { data: { why: 'Storage=none' } });
      return;
    }
    if (/^0+\s*[KMGTPE]?$/i.test(processSizeMax.value.trim())) {
      report.pass('ok', { data: { why: 'ProcessSizeMax=0' } });
      return;
    }
    const evidence = storage.source
      ? [lineEvidence(storage.source)]
      : [fileEvidence(coredump.files[0] ?? '/etc/systemd/coredump.conf', 'Storage= not set: the default "external" keeps dumps in /var/lib/systemd/coredump')];
    report.fail('stored', {
      data: { storage: storage.value, origin: storage.source ? `${storage.source.file}:${storage.source.line}` : 'default', size: processSizeMax.value },
      evidence,
    });
  },
});
