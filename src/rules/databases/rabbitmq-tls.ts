import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { isLoopbackAddress } from './_net.ts';

export default defineRule({
  id: 'rabbitmq-tls',
  family: 'databases',
  title: 'RabbitMQ offers TLS to remote clients',
  severity: 'medium',
  rationale: 'AMQP without TLS carries credentials and messages in clear across the network.',
  description:
    'When RabbitMQ has a plain AMQP listener (listeners.tcp.*, default 5672 on all interfaces) on a non-loopback address and no TLS listener (listeners.ssl.*), remote clients can only connect in clear and the rule fails.',
  remediation:
    'In /etc/rabbitmq/rabbitmq.conf:\n  listeners.tcp.local = 127.0.0.1:5672   (or listeners.tcp = none)\n  listeners.ssl.default = 5671\n  ssl_options.cacertfile = /etc/rabbitmq/ca.pem\n  ssl_options.certfile = /etc/rabbitmq/cert.pem\n  ssl_options.keyfile = /etc/rabbitmq/key.pem\n  ssl_options.verify = verify_peer\nThen restart rabbitmq-server.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Event Bus' }],
  messages: {
    plainRemote: 'RabbitMQ accepts AMQP on {{address}}:{{port}} without TLS and has no TLS listener.',
  },
  requires: ['rabbitmq'],
  check({ rabbitmq }, report) {
    if (!rabbitmq.installed) return report.skip('not applicable: RabbitMQ is not installed');
    if (rabbitmq.listeners.some((l) => l.tls)) return;
    for (const l of rabbitmq.listeners) {
      if (l.tls || isLoopbackAddress(l.address)) continue;
      report.fail('plainRemote', {
        data: { address: l.address === '*' ? 'all interfaces' : l.address, port: l.port },
        evidence: [l.source ? lineEvidence(l.source) : fileEvidence(rabbitmq.files[0] ?? '/etc/rabbitmq/rabbitmq.conf', 'no listeners.tcp setting: 5672 on all interfaces by default')],
        key: `${l.address}:${l.port}`,
      });
    }
  },
});
