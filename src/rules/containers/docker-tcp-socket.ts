import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { dockerSetting } from './_docker.ts';

const LOOPBACK = /^(127\.|::1$|localhost$)/;

export default defineRule({
  id: 'docker-tcp-socket',
  family: 'containers',
  title: 'The Docker API is not served over TCP without client certificates',
  severity: 'critical',
  rationale:
    'The Docker API gives root on the host to whoever can call it. Served on a TCP port without TLS client verification (the well-known port 2375), anyone who reaches the port, from the network or from any local account on loopback, can start a container that mounts the host file system.',
  description:
    'Looks at the daemon\'s `hosts` in /etc/docker/daemon.json and the `-H`/`--host` flags of docker.service and /etc/default/docker; a `tcp://` endpoint fails unless `tlsverify` is enabled (TLS alone, without verifying client certificates, is not enough). Loopback endpoints are reported as high, others as critical.',
  remediation:
    'Remove the tcp:// host and use the Unix socket (over SSH: `DOCKER_HOST=ssh://admin@host`). If remote access is required, enable mutual TLS: `"tlsverify": true, "tlscacert": "/etc/docker/ca.pem", "tlscert": "/etc/docker/server-cert.pem", "tlskey": "/etc/docker/server-key.pem"` and listen on port 2376, reachable only from the admin network.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: "Remise en question de l'accès root universel" },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    tcpWithoutTls: 'dockerd listens on {{endpoint}} without verifying client certificates.',
  },
  requires: ['docker'],
  check({ docker }, report) {
    if (!docker.installed) return report.skip('Docker is not installed');
    const verify = dockerSetting(docker, 'tlsverify');
    if (verify?.value === true) return;
    for (const l of docker.listens) {
      const ep = `tcp://${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
      const loopback = LOOPBACK.test(l.address);
      report.fail('tcpWithoutTls', {
        data: { endpoint: ep },
        evidence: l.source ? [lineEvidence(l.source)] : [],
        key: ep,
        severity: loopback ? 'high' : 'critical',
      });
    }
  },
});
