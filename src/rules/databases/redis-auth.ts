import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { isLoopbackAddress } from './_net.ts';

export default defineRule({
  id: 'redis-auth',
  family: 'databases',
  title: 'Redis clients must authenticate',
  severity: 'high',
  rationale:
    'Without requirepass or an ACL password for the default user, anyone who can open a connection — from the network or any local account — owns the data and can use CONFIG SET to write files as the redis user.',
  description:
    'For each redis.conf: requirepass must be set, or the default user (in the file or the aclfile) must have a password or be off, and must not be `nopass`. Loopback-only instances fail with medium severity.',
  remediation:
    'In /etc/redis/redis.conf either\n  requirepass <a long random secret>\nor ACL users:\n  user default off\n  user app on >LONG-RANDOM-SECRET ~app:* +@all -@dangerous\nThen `systemctl restart redis-server` and configure the clients.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    noAuth: 'Redis ({{file}}) accepts clients without a password{{where}}.',
  },
  requires: ['redis'],
  check({ redis }, report) {
    if (!redis.installed) return report.skip('not applicable: Redis is not installed');
    for (const i of redis.instances) {
      if (i.defaultUserProtected) continue;
      const local = i.port.value[0] === '0' || (i.bind.source !== null && i.bind.value.every(isLoopbackAddress));
      const evidence = i.defaultUserNopass ? [lineEvidence(i.defaultUserNopass, 'default user without password')] : [fileEvidence(i.configFile, 'no requirepass and no password for the default user')];
      report.fail('noAuth', {
        data: { file: i.configFile, where: local ? ' (loopback only: any local account can connect)' : '' },
        evidence,
        key: i.configFile,
        ...(local ? { severity: 'medium' as const } : {}),
      });
    }
  },
});
