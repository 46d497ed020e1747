import type { Profile } from './types.ts';

const G = '000_a8be9711ada6c275.txt';
const FIREWALL = 'OS Firewall Configuration';

/** SRE security technical note and hardening guide. */
export const sre: Profile = {
  name: 'sre',
  title: 'SRE security technical note and hardening guide',
  guideline: G,
  items: [
    {
      id: 'gui-https',
      section: 'Standard Security Features',
      text: 'Serve the web interface over HTTPS with a valid, trusted certificate.',
      rules: ['probe-http-https-redirect', 'probe-tls-certificate-self-signed', 'probe-tls-certificate-expiry', 'probe-tls-certificate-hostname'],
    },
    {
      id: 'gui-cookies',
      section: 'Standard Security Features',
      text: 'Session cookies carry the SameSite, HttpOnly and Secure attributes.',
      rules: ['probe-http-cookie-flags'],
    },
    {
      id: 'gui-application-security',
      section: 'Standard Security Features',
      text: 'Use the application\'s own protections: authentication back end, brute-force blacklisting, password strength, roles, API tokens and audit logs.',
      manual: 'these are settings of the SRE application kept in its own database and edited in its interface; the host holds nothing that shows them',
    },
    {
      id: 'proxy-https-redirect',
      section: 'NGINX Reverse Proxy',
      text: 'The reverse proxy answers plain HTTP only with a permanent redirect to HTTPS.',
      rules: ['web-http-redirect'],
    },
    {
      id: 'proxy-tls-protocols',
      section: 'NGINX Reverse Proxy',
      text: 'Offer TLS 1.2 or newer only.',
      rules: ['web-tls-protocols'],
    },
    {
      id: 'proxy-ciphers',
      section: 'NGINX Reverse Proxy',
      text: 'Limit the cipher suites to forward-secret AEAD ones.',
      rules: ['web-weak-ciphers'],
    },
    {
      id: 'proxy-session-tickets',
      section: 'NGINX Reverse Proxy',
      text: 'Turn TLS session tickets off.',
      rules: ['web-ssl-session-tickets'],
    },
    {
      id: 'proxy-server-tokens',
      section: 'NGINX Reverse Proxy',
      text: 'Do not disclose the server version.',
      rules: ['web-server-tokens'],
    },
    {
      id: 'proxy-clickjacking',
      section: 'NGINX Reverse Proxy',
      text: 'Forbid framing of the interface (X-Frame-Options and CSP frame-ancestors).',
      rules: ['web-frame-options', 'probe-http-frame-ancestors'],
    },
    {
      id: 'proxy-nosniff',
      section: 'NGINX Reverse Proxy',
      text: 'Send X-Content-Type-Options nosniff, on every location that serves the interface.',
      rules: ['web-content-type-options', 'web-add-header-inheritance'],
    },
    {
      id: 'proxy-referrer',
      section: 'NGINX Reverse Proxy',
      text: 'Send a Referrer-Policy that leaks no referrer.',
      rules: ['web-referrer-policy'],
    },
    {
      id: 'proxy-xss-header',
      section: 'NGINX Reverse Proxy',
      text: 'Send the X-XSS-Protection header in blocking mode.',
      rules: [],
    },
    {
      id: 'proxy-hsts',
      section: 'NGINX Reverse Proxy',
      text: 'Send Strict-Transport-Security for a year, subdomains included.',
      rules: ['web-hsts'],
    },
    {
      id: 'proxy-https-backend',
      section: 'NGINX Reverse Proxy',
      text: 'Keep the interface itself on HTTPS behind the proxy, so that its session cookies stay in secure mode.',
      rules: [],
    },
    {
      id: 'postgres-no-unauthenticated',
      section: 'PostgreSQL Database',
      text: 'Remove every unauthenticated (trust) access from pg_hba.conf, local and remote.',
      rules: ['pg-hba-trust', 'pg-hba-open', 'probe-postgres-trust'],
    },
    {
      id: 'postgres-hashed-passwords',
      section: 'PostgreSQL Database',
      text: 'Authenticate connections with hashed passwords rather than clear-text ones.',
      rules: ['pg-hba-password', 'pg-password-encryption'],
    },
    {
      id: 'postgres-dedicated-role',
      section: 'PostgreSQL Database',
      text: 'Let the application use its own role with CREATEDB instead of the postgres superuser.',
      rules: [],
    },
    {
      id: 'postgres-credentials-file',
      section: 'PostgreSQL Database',
      text: 'The configuration file that holds the database credentials is readable by the service only.',
      rules: ['secrets-readable-config'],
    },
    {
      id: 'firewall-default-reject',
      section: FIREWALL,
      text: 'Reject all incoming traffic that no rule allows, on IPv4 and IPv6 alike.',
      rules: ['firewall-missing', 'firewall-ipv6-parity'],
    },
    {
      id: 'firewall-public-ports',
      section: FIREWALL,
      text: 'Open only SSH (22) and the web interface (8080) to everyone.',
      rules: ['firewall-unrestricted-listener'],
      params: { allowedPorts: [22, 8080] },
    },
    {
      id: 'firewall-internal-services',
      section: FIREWALL,
      text: 'Admit the API, database, replication, log, SIP and DNS ports only from the cluster subnet (10.0.0.0/16).',
      rules: ['firewall-sensitive-service-exposed', 'firewall-unrestricted-listener'],
      params: { trustedNetworks: ['127.0.0.0/8', '::1/128', '10.0.0.0/16'] },
    },
    {
      id: 'logs-remote',
      section: 'Logs Management',
      text: 'Forward the logs to one or more remote syslog receivers.',
      rules: ['logs-remote-copy'],
    },
    {
      id: 'logs-receiver-protection',
      section: 'Logs Management',
      text: 'Protect the forwarded logs on the receiver (encryption at rest, no tampering).',
      manual: 'this happens on the remote log receiver, which is not the audited host',
    },
  ],
};
