import type { Profile } from './types.ts';
import * as S from './_shared.ts';

const UPDATES = 'Automatic software updates';
const ACCOUNTS = 'Be mindful about the user accounts in the VM';
const LOGS = 'Keep logs of your applications';

/** European Weather Cloud security guidelines. */
export const ewc: Profile = {
  name: 'ewc',
  title: 'European Weather Cloud security guidelines',
  guideline: '002_52c88f5fb2d0dec9.txt',
  items: [
    { id: 'report-compromise', section: 'Security Reporting', text: 'Tell the provider at once about a critical flaw or a compromised machine.', manual: S.MANUAL_REPORTING },
    {
      id: 'no-public-ip',
      section: 'Avoid using public IPs where practical',
      text: 'Give a public address only to machines that must be reached from outside; reach the others through a well-secured SSH gateway.',
      manual: 'public and floating addresses are assigned by the cloud and are not visible inside the machine',
    },
    {
      id: 'firewall-allow-list',
      section: 'Restrictive firewall (allow-listing)',
      text: 'Open only the ports the application needs, on IPv4 and IPv6 alike.',
      rules: ['firewall-missing', 'firewall-unrestricted-listener', 'firewall-ipv6-parity'],
    },
    { id: 'security-groups', section: 'Restrictive firewall (allow-listing)', text: 'Use the provided security groups, or narrow ones of your own.', manual: S.MANUAL_SECURITY_GROUPS },
    { id: 'local-firewall', section: 'Local VM firewall', text: 'Enable a local firewall (firewalld, ufw) as an extra layer.', rules: ['firewall-missing'] },
    {
      id: 'unneeded-services',
      section: 'Disable unneeded services',
      text: 'Remove unused software and disable services the machine does not need, above all reachable ones.',
      rules: [...S.UNNEEDED_SERVICES],
    },
    {
      id: 'secure-protocols',
      section: 'Use secure protocols',
      text: 'Use encrypted protocols: strong SSH, TLS for web and log transport, no clear-text services.',
      rules: [...S.STRONG_SSH_CRYPTO, ...S.CLEAR_TEXT_SERVICES, 'web-http-redirect', 'web-tls-protocols', 'log-forwarding-peer-auth'],
    },
    {
      id: 'internal-services-private',
      section: 'Use secure protocols',
      text: 'Keep databases and management services off the Internet; tunnel them over SSH when needed from outside.',
      rules: ['firewall-sensitive-service-exposed', 'pg-listen-addresses', 'mysql-bind-address', 'redis-bind', 'mongodb-bind-ip', 'docker-tcp-socket', 'compose-database-published'],
    },
    {
      id: 'intrusion-detection',
      section: 'Use intrusion detection software',
      text: 'Ban addresses that try brute force (fail2ban, denyhosts), and slow down guessing in sshd.',
      rules: ['intrusion-ssh-brute-force', 'ssh-max-auth-tries', 'ssh-login-grace-time'],
    },
    { id: 'automatic-updates', section: UPDATES, text: 'Apply updates from the security repositories automatically.', rules: ['updates-automatic', 'updates-security-repository'] },
    { id: 'kernel-reboot', section: UPDATES, text: 'Reboot after kernel updates.', rules: ['updates-reboot-pending'] },
    { id: 'maintenance-windows', section: UPDATES, text: 'Without automatic updates, plan regular maintenance windows.', manual: S.MANUAL_MAINTENANCE },
    { id: 'security-announcements', section: UPDATES, text: 'Follow the security announcements of software that automatic updates do not cover.', manual: S.MANUAL_ANNOUNCEMENTS },
    {
      id: 'no-obscurity',
      section: UPDATES,
      text: 'Do not count on old software going unnoticed: scanners find it.',
      manual: 'a stance for the operators rather than a setting; which software is forgotten is only known to them',
    },
    { id: 'reputable-sources', section: 'Only install from reputable sources', text: 'Install software from the distribution\'s signed repositories only.', rules: [...S.TRUSTED_PACKAGE_SOURCES] },
    { id: 'default-accounts', section: ACCOUNTS, text: 'Watch the enabled accounts; remove default or needless ones.', rules: ['accounts-guessable-names', 'accounts-empty-password', 'accounts-file-permissions'] },
    { id: 'root-locked', section: ACCOUNTS, text: 'root has no password and cannot log in over SSH.', rules: [...S.ROOT_LOCKED] },
    {
      id: 'admin-account',
      section: ACCOUNTS,
      text: 'The administrator account is reached with SSH keys only and gets sudo.',
      rules: ['ssh-password-authentication', 'keys-authorized-keys-permissions'],
    },
    { id: 'service-accounts', section: ACCOUNTS, text: 'Accounts that run a service cannot log in, locally or remotely.', rules: [...S.SERVICE_ACCOUNTS_NO_LOGIN] },
    { id: 'no-password-login', section: ACCOUNTS, text: 'Prefer SSH keys to passwords for logins.', rules: [...S.NO_PASSWORD_SSH] },
    {
      id: 'strong-passwords',
      section: ACCOUNTS,
      text: 'Where passwords remain, make them long, unique and kept in a password manager.',
      manual: 'a password\'s quality cannot be read from its hash without cracking it, and an audit must not try',
    },
    { id: 'uncommon-usernames', section: ACCOUNTS, text: 'On exposed services, avoid common user names such as admin.', rules: ['accounts-guessable-names'] },
    { id: 'key-passphrase', section: ACCOUNTS, text: 'Protect SSH private keys with a passphrase and keep them under your control.', rules: [...S.PROTECTED_PRIVATE_KEYS] },
    {
      id: 'retire-exposed-keys',
      section: ACCOUNTS,
      text: 'Retire a key that has leaked and make a new one.',
      manual: 'whether a key has leaked (for example into a public repository) is not visible from the host',
    },
    { id: 'logs-secure', section: LOGS, text: 'Services log to a protected, tamper-resistant place.', rules: [...S.TAMPER_RESISTANT_LOGS] },
    { id: 'logs-retention', section: LOGS, text: 'Keep logs for a long enough time.', rules: [...S.LOG_RETENTION] },
    { id: 'logs-remote', section: LOGS, text: 'Also send the logs to a remote server.', rules: [...S.REMOTE_LOGS] },
  ],
};
