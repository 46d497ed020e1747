import { sshdOptionRule } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-login-grace-time',
  title: 'SSH drops connections that do not log in quickly',
  severity: 'low',
  rationale:
    'Until a client authenticates, sshd keeps a process and a slot of MaxStartups for it. A long grace time lets a few clients ' +
    'hold every slot open, locking administrators out, and gives guessing tools more time per connection.',
  description:
    'Reads the effective LoginGraceTime (a global option; compiled-in default 120 seconds) and fails when it is 0 (no limit) ' +
    'or above the parameter `sshLoginGraceTime` (default 60 seconds).',
  remediation: 'Set `LoginGraceTime 30` in /etc/ssh/sshd_config.d/00-hardening.conf, then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use intrusion detection software' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use intrusion detection software' },
  ],
  messages: {
    graceTooLong: 'sshd waits {{value}} seconds for a client to log in (limit {{limit}}).',
    graceUnlimited: 'sshd waits for ever for a client to log in (LoginGraceTime 0).',
  },
  params: {
    sshLoginGraceTime: { default: 60, description: 'Highest acceptable LoginGraceTime, in seconds.' },
  },
  keywords: ['logingracetime'],
  judge(scope, ctx) {
    const v = scope.get('logingracetime');
    const limit = ctx.param<number>('sshLoginGraceTime');
    const secs = Number(v.value);
    if (secs === 0) return { messageId: 'graceUnlimited', values: [v] };
    return secs > limit ? { messageId: 'graceTooLong', data: { value: secs, limit }, values: [v] } : null;
  },
});
