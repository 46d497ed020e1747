import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'compose-privileged',
  family: 'containers',
  title: 'No container runs privileged',
  severity: 'high',
  rationale:
    'A privileged container has every capability, sees every device and is not confined by seccomp or AppArmor: root inside it is root on the host, so it offers no isolation at all.',
  description: 'Flags `privileged: true` on any Compose service.',
  remediation:
    'Remove `privileged: true`. Grant only what the service needs: a device with `devices:`, a single capability with `cap_add:` (for example NET_BIND_SERVICE), and keep `security_opt: [no-new-privileges:true]`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' }],
  messages: {
    privileged: 'Service "{{service}}" in {{file}} runs privileged.',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    for (const f of compose.files)
      for (const svc of f.model.services)
        if (svc.privileged?.value)
          report.fail('privileged', { data: { service: svc.name, file: f.path }, evidence: [lineEvidence(svc.privileged.source)], key: `${f.path}:${svc.name}` });
  },
});
