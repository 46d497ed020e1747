import type { Profile } from './types.ts';
import * as S from './_shared.ts';

const ACCOUNTS = 'Be mindful about the user accounts in the VM';
const LOGS = 'Keep logs of your applications';

/** CSC Pouta security guidelines. */
export const pouta: Profile = {
  name: 'pouta',
  title: 'CSC Pouta security guidelines',
  guideline: '001_d9d200db3ee7c4e1.txt',
  items: [
    { id: 'report-compromise', section: 'Security reports', text: 'Tell the service desk at once about a critical flaw or a compromised machine.', manual: S.MANUAL_REPORTING },
    {
      id: 'firewall-minimal',
      section: 'Restrictive firewall (white listing)',
      text: 'Allow only the access the application needs: a default-deny firewall, sensitive services kept off the public network.',
      rules: ['firewall-missing', 'firewall-unrestricted-listener', 'firewall-sensitive-service-exposed'],
    },
    {
      id: 'security-groups',
      section: 'Restrictive firewall (white listing)',
      text: 'Open ports in the Pouta security groups only, and SSH only to the organisation\'s own address ranges.',
      manual: S.MANUAL_SECURITY_GROUPS,
    },
    {
      id: 'unneeded-services',
      section: 'Disable unneeded services',
      text: 'Run no service the machine does not need, even one not reachable from outside.',
      rules: [...S.UNNEEDED_SERVICES],
    },
    {
      id: 'secure-protocols',
      section: 'Use secure protocols',
      text: 'Use encrypted protocols everywhere: SSH with strong algorithms, TLS on web and databases, no clear-text services.',
      rules: [...S.STRONG_SSH_CRYPTO, ...S.CLEAR_TEXT_SERVICES, 'web-http-redirect', 'web-tls-protocols', 'web-weak-ciphers', 'pg-ssl', 'pg-hba-hostssl'],
    },
    {
      id: 'intrusion-detection',
      section: 'Use intrusion detection software',
      text: 'Ban addresses that try brute force (fail2ban, denyhosts), and slow down guessing in sshd.',
      rules: ['intrusion-ssh-brute-force', 'ssh-max-auth-tries', 'ssh-login-grace-time'],
    },
    {
      id: 'reputable-sources',
      section: 'Only install from reputable sources',
      text: 'Install software from the distribution\'s signed repositories only.',
      rules: [...S.TRUSTED_PACKAGE_SOURCES],
    },
    {
      id: 'automatic-updates',
      section: 'Automatic software updates',
      text: 'Apply updates automatically, security updates included.',
      rules: ['updates-automatic', 'updates-security-repository'],
    },
    { id: 'kernel-reboot', section: 'Kernel updates', text: 'Reboot after kernel updates so that the new kernel runs.', rules: ['updates-reboot-pending'] },
    { id: 'maintenance-windows', section: 'Kernel updates', text: 'Without automatic updates, plan regular maintenance windows for upgrades.', manual: S.MANUAL_MAINTENANCE },
    { id: 'security-announcements', section: 'Kernel updates', text: 'Subscribe to the security announcements of the operating system.', manual: S.MANUAL_ANNOUNCEMENTS },
    {
      id: 'default-accounts',
      section: ACCOUNTS,
      text: 'Watch the enabled accounts; remove default or needless ones.',
      rules: ['accounts-guessable-names', 'accounts-empty-password', 'accounts-duplicate-uids', 'accounts-duplicate-gids', 'accounts-file-permissions'],
    },
    { id: 'root-locked', section: ACCOUNTS, text: 'root has no password and cannot log in over SSH.', rules: [...S.ROOT_LOCKED] },
    {
      id: 'admin-account',
      section: ACCOUNTS,
      text: 'One administrator account, reached with SSH keys only, gets sudo; nobody else holds root power.',
      rules: ['ssh-password-authentication', 'keys-authorized-keys-permissions', 'accounts-sudo-broad-grants', 'accounts-root-equivalent-groups', 'accounts-sudoers-permissions'],
    },
    { id: 'service-accounts', section: ACCOUNTS, text: 'Accounts that run a service cannot log in, locally or remotely.', rules: [...S.SERVICE_ACCOUNTS_NO_LOGIN] },
    { id: 'no-password-login', section: ACCOUNTS, text: 'Disable password logins; use SSH keys.', rules: [...S.NO_PASSWORD_SSH] },
    { id: 'key-passphrase', section: ACCOUNTS, text: 'Protect SSH private keys with a passphrase.', rules: [...S.PROTECTED_PRIVATE_KEYS] },
    {
      id: 'key-stays-home',
      section: ACCOUNTS,
      text: 'Keep each private key on the hardware where it was made.',
      manual: 'where copies of a key exist cannot be seen from one machine; a copy looks like the original',
    },
    {
      id: 'no-keys-in-images',
      section: ACCOUNTS,
      text: 'Put no keys in the image the machines are built from; fetch public keys from the metadata service at boot.',
      manual: 'concerns how the image is built; on a running machine a key fetched at boot looks like one baked into the image',
    },
    { id: 'logs-secure', section: LOGS, text: 'Services log to a protected, tamper-resistant place.', rules: [...S.TAMPER_RESISTANT_LOGS, 'auditd-enabled'] },
    { id: 'logs-retention', section: LOGS, text: 'Keep logs for a long enough time.', rules: [...S.LOG_RETENTION] },
    { id: 'logs-remote', section: LOGS, text: 'Also send the logs to a remote server.', rules: [...S.REMOTE_LOGS, 'auditd-remote-logging'] },
  ],
};
