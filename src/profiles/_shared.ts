/**
 * Rule sets that several guideline documents ask for in the same words (the CSC Pouta and
 * the European Weather Cloud guidelines share their origin).
 */

export const STRONG_SSH_CRYPTO = ['ssh-weak-ciphers', 'ssh-weak-kex', 'ssh-weak-macs', 'ssh-weak-host-key-algorithms'] as const;
export const CLEAR_TEXT_SERVICES = ['services-insecure-protocols', 'services-ftp-server'] as const;
export const TRUSTED_PACKAGE_SOURCES = ['updates-apt-source-trusted', 'updates-apt-unauthenticated', 'updates-apt-plain-http'] as const;
export const ROOT_LOCKED = ['ssh-root-login', 'accounts-root-password', 'accounts-root-authorized-keys'] as const;
export const SERVICE_ACCOUNTS_NO_LOGIN = ['accounts-service-login', 'keys-authorized-keys-service'] as const;
export const NO_PASSWORD_SSH = ['ssh-password-authentication', 'ssh-kbd-interactive-authentication', 'ssh-empty-passwords', 'probe-ssh-password-auth'] as const;
export const PROTECTED_PRIVATE_KEYS = ['keys-ssh-passphrase', 'keys-private-permissions'] as const;
export const TAMPER_RESISTANT_LOGS = ['log-file-permissions', 'journald-persistent'] as const;
export const LOG_RETENTION = ['logrotate-retention'] as const;
export const REMOTE_LOGS = ['logs-remote-copy', 'log-forwarding-cleartext'] as const;
export const UNNEEDED_SERVICES = ['services-display-manager', 'services-mta-exposed', 'services-insecure-protocols', 'firewall-unrestricted-listener'] as const;

export const MANUAL_ANNOUNCEMENTS = 'following security announcements is a human habit (a mailing list subscription); nothing on the host records it';
export const MANUAL_MAINTENANCE = 'maintenance windows are an agreement in a calendar, not a setting on the host';
export const MANUAL_SECURITY_GROUPS = 'security groups are set in the cloud API, outside the virtual machine, and are invisible from inside it';
export const MANUAL_REPORTING = 'reporting a compromise to the provider is a procedure for people';
