import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import type { Severity } from '../../core/severity.ts';

export default defineRule({
  id: 'compose-host-namespaces',
  family: 'containers',
  title: "Containers do not share the host's namespaces",
  severity: 'medium',
  rationale:
    "Sharing the host's PID namespace lets a container see and signal every process of the host (and read their environment when it runs as root); sharing the network namespace lets it bind any host port and reach services listening on the host's loopback; sharing IPC exposes shared memory; `userns_mode: host` switches off user-namespace remapping. Each removes a layer of isolation.",
  description: 'Flags `pid: host` (high), `network_mode: host`, `ipc: host` and `userns_mode: host` on Compose services.',
  remediation:
    'Remove the setting. Publish the ports the service needs with `ports:` bound to the right address (for example `127.0.0.1:8080:80`) instead of `network_mode: host`; drop `pid: host` and `ipc: host` unless the container is a host monitoring agent you trust as much as root.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' }],
  messages: {
    hostNamespace: 'Service "{{service}}" in {{file}} shares the host {{namespace}} namespace ({{setting}}).',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    for (const f of compose.files) {
      for (const svc of f.model.services) {
        const checks: [typeof svc.pid, string, string, Severity][] = [
          [svc.pid, 'PID', 'pid', 'high'],
          [svc.networkMode, 'network', 'network_mode', 'medium'],
          [svc.ipc, 'IPC', 'ipc', 'medium'],
          [svc.usernsMode, 'user', 'userns_mode', 'medium'],
        ];
        for (const [setting, namespace, key, severity] of checks) {
          if (setting?.value !== 'host') continue;
          report.fail('hostNamespace', {
            data: { service: svc.name, file: f.path, namespace, setting: `${key}: host` },
            evidence: [lineEvidence(setting.source)],
            key: `${f.path}:${svc.name}:${key}`,
            severity,
          });
        }
      }
    }
  },
});
