import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { isWildcardAddress } from './_net.ts';

export default defineRule({
  id: 'redis-bind',
  family: 'databases',
  title: 'Redis does not listen on every interface',
  severity: 'medium',
  rationale:
    'Redis was designed for trusted networks: whoever reaches its port can read and change all data, and often write files on the host. Without a bind directive (or with * / 0.0.0.0 / ::) it answers on every interface.',
  description: 'For each redis.conf (with includes) that listens on TCP (port not 0), the effective `bind` must be set and name no wildcard address; Redis listens on all interfaces without it.',
  remediation: 'In /etc/redis/redis.conf:\n  bind 127.0.0.1 -::1\n(add the private address the application uses if it runs elsewhere), then `systemctl restart redis-server`.',
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    allInterfaces: 'Redis ({{file}}) listens on all interfaces ({{why}}).',
  },
  requires: ['redis'],
  check({ redis }, report) {
    if (!redis.installed) return report.skip('not applicable: Redis is not installed');
    for (const i of redis.instances) {
      if (i.port.value[0] === '0') continue; // TCP disabled: Unix socket only
      if (!i.bind.source) {
        report.fail('allInterfaces', { data: { file: i.configFile, why: 'no bind directive' }, evidence: [fileEvidence(i.configFile, 'no bind directive: all interfaces')], key: i.configFile });
      } else if (i.bind.value.some(isWildcardAddress)) {
        report.fail('allInterfaces', { data: { file: i.configFile, why: `bind ${i.bind.value.join(' ')}` }, evidence: [lineEvidence(i.bind.source)], key: i.configFile });
      }
    }
  },
});
