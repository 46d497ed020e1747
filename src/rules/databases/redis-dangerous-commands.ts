import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { DANGEROUS_COMMANDS } from '../../facts/redis.ts';

export default defineRule({
  id: 'redis-dangerous-commands',
  family: 'databases',
  title: 'Dangerous Redis commands are disabled, renamed or denied',
  severity: 'low',
  rationale:
    'FLUSHALL and FLUSHDB wipe the data in one call; CONFIG lets a client change where Redis writes its dump (a classic way to plant SSH keys or cron jobs); DEBUG and MODULE can crash the server or load code. Applications rarely need them.',
  description:
    'For each redis.conf, each of FLUSHALL, FLUSHDB, CONFIG, DEBUG and MODULE must be renamed or disabled (rename-command X ""), denied to the default user by ACL (-@dangerous, -@admin, -config...), or — for DEBUG and MODULE — left blocked by Redis 7\'s enable-debug-command / enable-module-command default.',
  remediation:
    'In /etc/redis/redis.conf:\n  rename-command FLUSHALL ""\n  rename-command FLUSHDB ""\n  rename-command CONFIG ""\nor, with ACLs, give the application user `-@dangerous`. Then `systemctl restart redis-server`.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    available: 'Redis ({{file}}) lets clients run {{commands}}.',
  },
  requires: ['redis'],
  check({ redis }, report) {
    if (!redis.installed) return report.skip('not applicable: Redis is not installed');
    for (const i of redis.instances) {
      const open = DANGEROUS_COMMANDS.filter((c) => i.commands[c] === null);
      if (open.length === 0) continue;
      report.fail('available', { data: { file: i.configFile, commands: open.join(', ') }, evidence: [fileEvidence(i.configFile, `not renamed or denied: ${open.join(', ')}`)], key: i.configFile });
    }
  },
});
