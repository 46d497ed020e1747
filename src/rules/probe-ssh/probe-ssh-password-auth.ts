import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { ACCOUNTS_EWC, ACCOUNTS_POUTA } from './_grade.ts';

const PASSWORD_METHODS = ['password', 'keyboard-interactive'];

export default defineRule({
  id: 'probe-ssh-password-auth',
  family: 'probe-ssh',
  title: 'The SSH server accepts only key-based logins',
  severity: 'high',
  rationale:
    'A server that asks for passwords can be guessed at by anyone who reaches the port, and SSH ports on the Internet see thousands of such attempts a week. With keys only, there is nothing to guess and no secret crosses the network.',
  description:
    'Completes a key exchange and sends one `none` authentication request (no credential): the server answers with the methods that can continue. Fails when password or keyboard-interactive is among them (keyboard-interactive usually means a password prompt through PAM), and, as critical, when the server lets the `none` request in. Methods the server lists only after a first factor (AuthenticationMethods publickey,password) are not seen and do not fail.',
  remediation:
    'In /etc/ssh/sshd_config (or a drop-in under /etc/ssh/sshd_config.d/ that is read first): `PasswordAuthentication no`, `KbdInteractiveAuthentication no` (`ChallengeResponseAuthentication no` on OpenSSH before 8.7) and `PermitEmptyPasswords no`; make sure every admin has a key in ~/.ssh/authorized_keys, check with `sshd -t`, then `systemctl reload ssh`.',
  references: [ACCOUNTS_POUTA, ACCOUNTS_EWC],
  messages: {
    passwordOffered: '{{endpoint}} offers {{method}} authentication (methods: {{methods}}).',
    noAuthentication: '{{endpoint}} let user "{{user}}" in without any authentication.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'ssh', report, 'no SSH endpoint was probed', (rec) => {
      const auth = rec.auth;
      if (!auth || auth.error) return reportProbeError(report, ctx, rec, auth?.error ?? rec.error, 'the authentication methods');
      if (auth.noneAccepted)
        return report.fail('noAuthentication', {
          data: { endpoint: rec.endpoint, user: auth.user },
          evidence: [endpointEvidence(rec.endpoint, `"none" authentication accepted for ${auth.user}`, rec.banner)],
          key: `${rec.endpoint}\u0001none`,
          severity: 'critical',
        });
      for (const method of PASSWORD_METHODS) {
        if (!auth.methods.includes(method)) continue;
        report.fail('passwordOffered', {
          data: { endpoint: rec.endpoint, method, methods: auth.methods.join(',') },
          evidence: [endpointEvidence(rec.endpoint, `methods that can continue: ${auth.methods.join(',')}`, rec.banner)],
          key: `${rec.endpoint}\u0001${method}`,
        });
      }
    });
  },
});
