import { sshdOptionRule } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-x11-forwarding',
  title: 'SSH does not forward X11',
  severity: 'medium',
  rationale:
    'A server has no use for graphical sessions, and X11 forwarding opens a channel from the server back into the X display of ' +
    "whoever connects: a compromised server can read that user's keystrokes and screen. X libraries pulled in later as a " +
    'dependency would also widen what an attacker can reach.',
  description:
    'Reads the effective X11Forwarding and DisableForwarding for ordinary connections and each Match block that sets either. It ' +
    "fails where X11Forwarding is `yes` and DisableForwarding is not `yes`. Debian's packaged sshd_config sets `X11Forwarding yes`.",
  remediation:
    'Change `X11Forwarding yes` to `X11Forwarding no` in /etc/ssh/sshd_config (or set `X11Forwarding no` in a drop-in read before ' +
    'it), remove it from Match blocks, then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Configuration SSH' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
  ],
  messages: {
    x11Forwarding: 'sshd forwards X11 {{scope}} (X11Forwarding yes).',
  },
  keywords: ['x11forwarding', 'disableforwarding'],
  judge(scope) {
    const x11 = scope.get('x11forwarding');
    const off = scope.get('disableforwarding');
    if (x11.value !== 'yes' || off.value === 'yes') return null;
    return { messageId: 'x11Forwarding', values: off.source ? [x11, off] : [x11] };
  },
});
