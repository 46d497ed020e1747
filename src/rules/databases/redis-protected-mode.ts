import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'redis-protected-mode',
  family: 'databases',
  title: 'Redis protected mode is on',
  severity: 'medium',
  rationale:
    'Protected mode is the safety net that makes a Redis without password refuse clients that do not come from loopback. Turning it off removes the last barrier when bind or authentication is wrong.',
  description: 'The effective protected-mode (default yes) of each redis.conf must not be no.',
  remediation: 'In /etc/redis/redis.conf: `protected-mode yes`, then `systemctl restart redis-server`. Give remote clients a password or ACL user rather than turning protected mode off.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    off: 'Redis ({{file}}) has protected-mode off.',
  },
  requires: ['redis'],
  check({ redis }, report) {
    if (!redis.installed) return report.skip('not applicable: Redis is not installed');
    for (const i of redis.instances) {
      if (i.protectedMode.source && i.protectedMode.value[0]?.toLowerCase() === 'no') {
        report.fail('off', { data: { file: i.configFile }, evidence: [lineEvidence(i.protectedMode.source)], key: i.configFile });
      }
    }
  },
});
