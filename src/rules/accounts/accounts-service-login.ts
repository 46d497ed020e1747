import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { hasAccessKeys } from '../keys/_keys.ts';

export default defineRule({
  id: 'accounts-service-login',
  family: 'accounts',
  title: 'Service accounts cannot log in',
  severity: 'medium',
  rationale:
    'Accounts that exist to run one service should allow no login at all, neither remote nor local. Nobody watches them the way personal accounts are watched, their passwords are rarely rotated, and a package or an old tutorial may have set a default one. A shell such as /usr/sbin/nologin and a locked password make sure that even a leaked credential or a stray key opens no session.',
  description:
    'Service accounts are those with a uid outside login.defs\' UID_MIN..UID_MAX range (root excepted) or with no home (empty, /dev/null or the NONEXISTENT path of login.defs). For each one not expired, reports a usable password hash, and a login shell (anything but nologin, false or a single-command shell such as sync), worse when SSH keys also let someone in.',
  remediation:
    'Lock the password (`passwd -l NAME`) and set a non-login shell (`usermod -s /usr/sbin/nologin NAME`). Administer the service as root with `sudo -u NAME COMMAND`, which needs no shell for the account.',
  params: {
    allowShell: { default: [], description: 'Service accounts allowed to keep a login shell while their password is locked and no key lets anyone in.' },
  },
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    usablePassword: 'Service account "{{name}}" (uid {{uid}}) has a usable password ({{algorithm}} hash).',
    loginWithKeys: 'Service account "{{name}}" (uid {{uid}}) has the login shell {{shell}} and SSH keys that let someone in.',
    loginShell: 'Service account "{{name}}" (uid {{uid}}) has the login shell {{shell}}.',
  },
  requires: ['accounts', 'keys'],
  check({ accounts, keys }, report, ctx) {
    if (!accounts.present) return report.skip('no /etc/passwd in this tree');
    const allowShell = ctx.param<string[]>('allowShell');
    for (const u of accounts.users) {
      if (!u.system || u.uid === 0 || u.expired) continue;
      const base = { name: u.name, uid: u.uid };
      if (u.password.state === 'hash') {
        report.fail('usablePassword', { data: { ...base, algorithm: u.password.algorithm }, evidence: [lineEvidence(u.passwordSource)], key: `password:${u.name}`, severity: 'high' });
      }
      if (!u.loginShell) continue;
      const shell = u.shell || '/bin/sh (empty field)';
      if (hasAccessKeys(keys, u.name)) {
        report.fail('loginWithKeys', { data: { ...base, shell }, evidence: [lineEvidence(u.source)], key: `shell:${u.name}`, severity: 'high' });
      } else if (!allowShell.includes(u.name)) {
        report.fail('loginShell', { data: { ...base, shell }, evidence: [lineEvidence(u.source)], key: `shell:${u.name}`, severity: 'low' });
      }
    }
  },
});
