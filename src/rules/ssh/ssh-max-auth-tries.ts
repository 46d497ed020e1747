import { sshdOptionRule } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-max-auth-tries',
  title: 'SSH limits authentication attempts per connection',
  severity: 'low',
  rationale:
    'Each connection that may try many passwords or keys makes brute forcing cheaper and leaves fewer traces for fail2ban-like ' +
    'tools, which count connections in the logs. A small limit forces guessing to open many connections and get banned.',
  description:
    "Reads the effective MaxAuthTries (compiled-in default 6) for ordinary connections and each Match block that sets it, and " +
    'fails above the parameter `sshMaxAuthTries` (default 4).',
  remediation: 'Set `MaxAuthTries 3` (or your chosen limit) in /etc/ssh/sshd_config.d/00-hardening.conf, then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use intrusion detection software' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use intrusion detection software' },
  ],
  messages: {
    tooManyTries: 'sshd allows {{value}} authentication attempts per connection (limit {{limit}}) {{scope}}.',
  },
  params: {
    sshMaxAuthTries: { default: 4, description: 'Highest acceptable MaxAuthTries.' },
  },
  keywords: ['maxauthtries'],
  judge(scope, ctx) {
    const v = scope.get('maxauthtries');
    const limit = ctx.param<number>('sshMaxAuthTries');
    return Number(v.value) > limit ? { messageId: 'tooManyTries', data: { value: v.value, limit }, values: [v] } : null;
  },
});
