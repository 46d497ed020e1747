import { defineRule } from '../../core/rule.ts';
import { coreDisposal, effectiveSysctl } from './_sysctl-rule.ts';

export default defineRule({
  id: 'kernel-core-pattern',
  family: 'kernel',
  title: 'The kernel does not write core dumps to disk',
  severity: 'medium',
  rationale:
    'A core dump is a copy of a crashed process memory: session keys, decrypted data, passwords and tokens end up in a file on disk where backups, other administrators or an intruder can read them. Outside development machines the kernel should discard dumps, or hand them to systemd-coredump configured not to keep them.',
  description:
    'Judges kernel.core_pattern (running value on a live host, else the boot configuration, else the kernel default "core"): passes when dumps are piped to /bin/false or /bin/true, or to systemd-coredump (whose Storage= is judged by kernel-coredump-storage); fails when they are written to files or piped to another crash handler.',
  remediation:
    'Discard core dumps: add `kernel.core_pattern = |/bin/false` to /etc/sysctl.d/99-zz-hardening.conf and run `sysctl --system`; or install systemd-coredump and set `Storage=none` and `ProcessSizeMax=0` in /etc/systemd/coredump.conf.d/disable.conf. Also set `fs.suid_dumpable = 0` and `* hard core 0` in /etc/security/limits.d/.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
  messages: {
    ok: 'kernel.core_pattern is "{{value}}" ({{origin}}): {{how}}.',
    file: 'kernel.core_pattern is "{{value}}" ({{origin}}): a crashing process whose core size limit allows it writes its memory to a file on disk.',
    handler: 'kernel.core_pattern pipes core dumps to {{handler}} ({{origin}}), which may keep them on disk.',
  },
  requires: ['sysctl'],
  check({ sysctl }, report) {
    const eff = effectiveSysctl(sysctl, 'kernel.core_pattern', 'core');
    const d = coreDisposal(eff.value);
    const data = { value: eff.value, origin: eff.origin, handler: d.handler };
    if (d.kind === 'discarded') report.pass('ok', { data: { ...data, how: 'dumps are discarded' } });
    else if (d.kind === 'systemd-coredump') report.pass('ok', { data: { ...data, how: 'dumps go to systemd-coredump, whose Storage= decides whether they are kept' } });
    else report.fail(d.kind, { data, evidence: [eff.evidence] });
  },
});
