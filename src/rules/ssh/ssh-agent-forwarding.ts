import { sshdOptionRule } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-agent-forwarding',
  title: 'SSH does not forward agents where nobody needs it',
  severity: 'low',
  rationale:
    'A forwarded agent lets anyone with root on the server, or with the same account, use the keys of the person connected for ' +
    'as long as the session lasts, to reach every other host those keys open.',
  description:
    "Reads the effective AllowAgentForwarding (compiled-in default `yes`) and DisableForwarding for ordinary connections and each " +
    'Match block that sets either, and fails where agent forwarding is allowed. Set the parameter `sshAgentForwardingNeeded` ' +
    'to true on hosts where it is a deliberate choice (a bastion used with ProxyJump needs no agent forwarding).',
  remediation:
    'Set `AllowAgentForwarding no` in /etc/ssh/sshd_config.d/00-hardening.conf, then `sshd -t && systemctl reload ssh`. Clients ' +
    'that hop through this host can use `ssh -J` (ProxyJump) instead of a forwarded agent.',
  references: [
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
  ],
  messages: {
    agentForwarding: 'sshd forwards SSH agents {{scope}} (AllowAgentForwarding {{value}}).',
  },
  params: {
    sshAgentForwardingNeeded: { default: false, description: 'Agent forwarding is needed on this host: skip the rule.' },
  },
  skipWhen: (ctx) => (ctx.param<boolean>('sshAgentForwardingNeeded') ? 'not applicable: agent forwarding declared needed (sshAgentForwardingNeeded)' : null),
  keywords: ['allowagentforwarding', 'disableforwarding'],
  judge(scope) {
    const agent = scope.get('allowagentforwarding');
    const off = scope.get('disableforwarding');
    if (agent.value !== 'yes' || off.value === 'yes') return null;
    return { messageId: 'agentForwarding', data: { value: agent.value }, values: off.source ? [agent, off] : [agent] };
  },
});
