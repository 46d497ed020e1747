import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { posix } from 'node:path';

const SOCKETS = new Set(['/var/run/docker.sock', '/run/docker.sock']);
const PARENTS = new Set(['/var/run', '/run', '/']);

export default defineRule({
  id: 'compose-docker-socket',
  family: 'containers',
  title: 'No container is given the Docker socket',
  severity: 'high',
  rationale:
    'Whoever can talk to the Docker socket can start a privileged container that mounts the host\'s root file system: the socket is root on the host. A container holding it (a reverse proxy, a dashboard) turns any flaw in that application into a full compromise of the host and of every other container. Mounting it read-only changes nothing, since the API is still reachable.',
  description:
    'Flags bind mounts of /var/run/docker.sock or /run/docker.sock (or of a directory containing it: /run, /var/run, /) in the `volumes:` of any Compose service, read-only or not; a writable mount is reported as critical.',
  remediation:
    'Remove the mount. When a tool needs the Docker API (Traefik, Portainer, Watchtower), put a filtering proxy in front of it (for example tecnativa/docker-socket-proxy exposing only `CONTAINERS=1`) on an internal network, use the file provider instead of the Docker provider, or run the tool on a separate host.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Traefik' },
    { guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' },
  ],
  messages: {
    socketMounted: 'Service "{{service}}" in {{file}} mounts the Docker socket ({{source}}) {{access}}.',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    for (const f of compose.files) {
      for (const svc of f.model.services) {
        for (const v of svc.volumes) {
          if (v.type !== 'bind' || v.source === null || !v.source.startsWith('/')) continue;
          const src = posix.normalize(v.source).replace(/(.)\/$/, '$1');
          if (!SOCKETS.has(src) && !PARENTS.has(src)) continue;
          report.fail('socketMounted', {
            data: { service: svc.name, file: f.path, source: src, access: v.readOnly ? 'read-only (the API stays fully usable)' : 'read-write' },
            evidence: [lineEvidence(v.line)],
            key: `${f.path}:${svc.name}:${src}`,
            severity: v.readOnly ? 'high' : 'critical',
          });
        }
      }
    }
  },
});
