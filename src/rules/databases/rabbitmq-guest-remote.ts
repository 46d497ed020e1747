import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'rabbitmq-guest-remote',
  family: 'databases',
  title: 'RabbitMQ guest account is limited to loopback',
  severity: 'high',
  rationale: 'The guest account has the well-known password "guest" and full rights on the default virtual host. RabbitMQ only lets it in from localhost unless loopback_users is changed.',
  description: 'rabbitmq.conf (and conf.d) must not set loopback_users.guest = false or loopback_users = none, nor rabbitmq.config {loopback_users, []}, while the default user is guest.',
  remediation: 'Remove `loopback_users.guest = false` / `loopback_users = none` from /etc/rabbitmq/rabbitmq.conf, create a dedicated user (`rabbitmqctl add_user app ...`, `rabbitmqctl set_permissions ...`), delete guest (`rabbitmqctl delete_user guest`), then restart rabbitmq-server.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Event Bus' }],
  messages: {
    guestRemote: 'The RabbitMQ guest account (password "guest") may log in from other hosts.',
  },
  requires: ['rabbitmq'],
  check({ rabbitmq }, report) {
    if (!rabbitmq.installed) return report.skip('not applicable: RabbitMQ is not installed');
    if (rabbitmq.guestRemote && rabbitmq.defaultUser.value === 'guest') {
      report.fail('guestRemote', { evidence: [lineEvidence(rabbitmq.guestRemote)], key: 'guest' });
    }
  },
});
