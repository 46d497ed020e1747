import { sshdOptionRule } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-tcp-forwarding',
  title: 'SSH does not forward TCP ports where nobody needs it',
  severity: 'low',
  rationale:
    'Port forwarding turns every SSH account into a tunnel: through it a user (or whoever stole the account) reaches services ' +
    'that only listen on the server or its private network, around the firewall, or exposes a port of their own.',
  description:
    'Reads the effective AllowTcpForwarding (compiled-in default `yes`; `local` and `remote` allow one direction) and ' +
    'DisableForwarding for ordinary connections and each Match block that sets either, and fails where any TCP forwarding is ' +
    'allowed. Set the parameter `sshTcpForwardingNeeded` to true on hosts where tunnelling is the point (bastions, database ' +
    'access over SSH as the guidelines suggest).',
  remediation:
    'Set `AllowTcpForwarding no` in /etc/ssh/sshd_config.d/00-hardening.conf; where some users need tunnels, allow them in a ' +
    'Match block for exactly those users and waive that finding; then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    tcpForwarding: 'sshd forwards TCP ports {{scope}} (AllowTcpForwarding {{value}}).',
  },
  params: {
    sshTcpForwardingNeeded: { default: false, description: 'TCP forwarding is needed on this host (a bastion): skip the rule.' },
  },
  skipWhen: (ctx) => (ctx.param<boolean>('sshTcpForwardingNeeded') ? 'not applicable: TCP forwarding declared needed (sshTcpForwardingNeeded)' : null),
  keywords: ['allowtcpforwarding', 'disableforwarding'],
  judge(scope) {
    const tcp = scope.get('allowtcpforwarding');
    const off = scope.get('disableforwarding');
    if (tcp.value === 'no' || off.value === 'yes') return null;
    return { messageId: 'tcpForwarding', data: { value: tcp.args[0] ?? tcp.value }, values: off.source ? [tcp, off] : [tcp] };
  },
});
