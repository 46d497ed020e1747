import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { KDUMP_DEFAULTS } from '../../facts/coredump.ts';

export default defineRule({
  id: 'kernel-kdump-disabled',
  family: 'kernel',
  title: 'Kernel crash dumps are disabled',
  severity: 'medium',
  rationale:
    "With kdump, a kernel crash boots a spare kernel that copies the whole of the machine's memory to /var/crash: every key, password and piece of user data that was in RAM. Useful for kernel developers, it is a store of secrets on a production server.",
  description:
    'On a live host, fails when a crash kernel is loaded (/sys/kernel/kexec_crash_loaded is 1). Otherwise looks at kdump-tools: fails when it is installed with USE_KDUMP=1 in /etc/default/kdump-tools.',
  remediation:
    'Set `USE_KDUMP=0` in /etc/default/kdump-tools (or `apt purge kdump-tools`), remove `crashkernel=` from the kernel command line (/etc/default/grub.d/kdump-tools.cfg, then `update-grub`), unload the crash kernel with `kdump-config unload`, and delete old dumps under /var/crash.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
  messages: {
    ok: 'Kernel crash dumps are off ({{why}}).',
    loaded: 'A crash kernel is loaded: a kernel crash will dump all of memory to disk.',
    enabled: 'kdump-tools is installed and enabled (USE_KDUMP=1): a kernel crash will dump all of memory to disk.',
  },
  requires: ['coredump'],
  check({ coredump }, report) {
    const k = coredump.kdump;
    if (k.crashKernelLoaded === true) {
      const evidence = [fileEvidence('/sys/kernel/kexec_crash_loaded', 'crash kernel loaded', '1')];
      if (k.useKdump) evidence.push(lineEvidence(k.useKdump));
      report.fail('loaded', { evidence });
      return;
    }
    if (k.crashKernelLoaded === null && k.enabled) {
      report.fail('enabled', { evidence: [k.useKdump ? lineEvidence(k.useKdump) : fileEvidence(KDUMP_DEFAULTS)] });
      return;
    }
    const why = k.crashKernelLoaded === false ? 'no crash kernel is loaded' : k.installed ? 'USE_KDUMP is not 1' : 'kdump-tools is not installed';
    report.pass('ok', { data: { why } });
  },
});
