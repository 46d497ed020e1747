import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';

/** Capabilities that let a container escape or take over the host. */
const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_RAWIO', 'SYS_BOOT', 'BPF', 'SYS_TIME', 'DAC_OVERRIDE', 'MAC_ADMIN']);

export default defineRule({
  id: 'compose-dangerous-capabilities',
  family: 'containers',
  title: 'Containers are not given host-level capabilities',
  severity: 'high',
  rationale:
    'Some capabilities are enough to leave a container: SYS_ADMIN mounts file systems and escapes through cgroups, SYS_MODULE loads kernel code, SYS_PTRACE attaches to other processes, DAC_READ_SEARCH reads any file of the host by handle, NET_ADMIN rewrites the firewall. Adding them, or ALL, undoes most of the isolation Docker provides.',
  description: 'Flags `cap_add:` entries ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH, DAC_OVERRIDE, SYS_RAWIO, SYS_BOOT, SYS_TIME, BPF and MAC_ADMIN (with or without the CAP_ prefix).',
  remediation:
    'Remove the capability from `cap_add:`. Prefer `cap_drop: [ALL]` and add back only narrow ones (NET_BIND_SERVICE, CHOWN, SETUID/SETGID when the image needs them).',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' }],
  messages: {
    dangerousCapability: 'Service "{{service}}" in {{file}} adds the capability {{capability}}.',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    for (const f of compose.files)
      for (const svc of f.model.services)
        for (const cap of svc.capAdd) {
          const name = cap.value.toUpperCase().replace(/^CAP_/, '');
          if (!DANGEROUS.has(name)) continue;
          report.fail('dangerousCapability', {
            data: { service: svc.name, file: f.path, capability: name },
            evidence: [lineEvidence(cap.source)],
            key: `${f.path}:${svc.name}:${name}`,
          });
        }
  },
});
