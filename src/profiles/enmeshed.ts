import type { Profile } from './types.ts';

const NETWORKING = 'Firewall/Networking';

/** enmeshed Backbone security considerations. */
export const enmeshed: Profile = {
  name: 'enmeshed',
  title: 'enmeshed Backbone security considerations',
  guideline: '003_3ee6c2d8469499be.txt',
  items: [
    { id: 'backbone-images', section: 'Updates', text: 'Update the Backbone regularly from its official container images.', rules: [] },
    {
      id: 'host-stack-updates',
      section: 'Updates',
      text: 'Keep the host system, the container runtime and the database updated; let the runtime restart without stopping the containers.',
      rules: ['updates-automatic', 'updates-security-repository', 'updates-reboot-pending', 'docker-live-restore'],
    },
    {
      id: 'network-components',
      section: 'Updates',
      text: 'Keep the firewall, the virus scanner and the firmware of network components updated.',
      manual: 'these are separate devices and appliances, outside the audited host',
    },
    { id: 'firewall', section: NETWORKING, text: 'Put a firewall in front of the Backbone that blocks unauthorised access.', rules: ['firewall-missing', 'firewall-ipv6-parity'] },
    {
      id: 'https-only',
      section: NETWORKING,
      text: 'Accept only HTTPS, with current TLS and HSTS; plain HTTP only redirects.',
      rules: ['web-http-redirect', 'web-hsts', 'web-tls-protocols', 'probe-http-https-redirect', 'probe-tls-legacy-protocols', 'probe-http-hsts'],
    },
    { id: 'outbound-allow-list', section: NETWORKING, text: 'Keep the outbound allow-list of URLs minimal yet complete.', rules: [] },
    {
      id: 'review-allow-list',
      section: NETWORKING,
      text: 'Review the allow-list regularly: remove URLs no longer needed, add new ones.',
      manual: 'a recurring review by people; which URLs are still needed is a business judgement',
    },
    {
      id: 'infrastructure-private',
      section: 'Outbound Communication to infrastructure services',
      text: 'Only the Backbone may reach its database, blob storage and event bus.',
      rules: ['firewall-sensitive-service-exposed', 'compose-database-published', 'pg-listen-addresses', 'mysql-bind-address', 'mongodb-bind-ip', 'redis-bind'],
    },
    {
      id: 'admin-api-key',
      section: 'Admin API',
      text: 'Keep the Admin API key confidential.',
      rules: ['compose-plaintext-secret', 'compose-env-file-permissions'],
    },
    {
      id: 'rate-limit',
      section: 'Rate limiting of the Consumer API',
      text: 'Rate-limit the unauthenticated challenge and identity creation endpoints at the network level.',
      rules: ['web-rate-limit'],
      params: {
        rateLimitPaths: ['/api/v1/Challenges', '/api/v1/Identities'],
        // The Consumer API is ASP.NET Core, whose routing ignores letter case and a trailing slash.
        rateLimitCaseInsensitive: true,
        rateLimitImages: ['ghcr.io/nmshd/backbone-consumer-api'],
      },
    },
    {
      id: 'no-kernel-dumps',
      section: 'Kernel Dumps',
      text: 'Disable kernel and process dumps on production hosts.',
      rules: ['kernel-kdump-disabled', 'kernel-core-pattern', 'kernel-suid-dumpable', 'kernel-core-limit', 'kernel-coredump-storage'],
    },
    {
      id: 'api-key-rotation',
      section: 'API key rotation',
      text: 'Rotate API keys regularly and let them expire.',
      manual: 'when a key was issued is recorded by its issuer, not on the host',
    },
    {
      id: 'database-network',
      section: 'Database',
      text: 'Make the database reachable only from the Backbone, never from the public network.',
      rules: ['pg-listen-addresses', 'pg-hba-open', 'mysql-bind-address', 'mongodb-bind-ip', 'redis-bind', 'redis-protected-mode', 'compose-database-published', 'firewall-sensitive-service-exposed'],
    },
    {
      id: 'database-credentials',
      section: 'Database',
      text: 'Require credentials for database access.',
      rules: ['pg-hba-trust', 'mysql-skip-grant-tables', 'mongodb-authorization', 'redis-auth', 'probe-postgres-trust', 'probe-redis-no-auth'],
    },
    { id: 'database-tls', section: 'Database', text: 'Encrypt database connections that cross an untrusted network.', rules: ['pg-ssl', 'pg-hba-hostssl', 'probe-postgres-tls', 'probe-mysql-tls'] },
    { id: 'database-updates', section: 'Database', text: 'Keep the database software updated.', rules: ['updates-automatic', 'updates-security-repository'] },
    {
      id: 'event-bus-network',
      section: 'Event Bus',
      text: 'Make the event bus reachable only from the Backbone.',
      rules: ['firewall-sensitive-service-exposed'],
    },
    { id: 'event-bus-credentials', section: 'Event Bus', text: 'Require strong credentials for the event bus.', rules: ['rabbitmq-guest-remote', 'probe-redis-no-auth'] },
    { id: 'event-bus-tls', section: 'Event Bus', text: 'Encrypt event bus connections that cross an untrusted network.', rules: ['rabbitmq-tls'] },
    { id: 'event-bus-updates', section: 'Event Bus', text: 'Keep the event bus software updated.', rules: ['updates-automatic', 'updates-security-repository'] },
    { id: 'event-bus-permissions', section: 'Event Bus', text: 'Give the Backbone\'s event bus user only the operations it needs.', rules: [] },
    {
      id: 'blob-storage',
      section: 'Blob Storage',
      text: 'Restrict the blob storage to the Backbone, with strong credentials, TLS, updates and create/read/delete rights only.',
      manual: 'the blob storage is a cloud service (Azure, Google Cloud, S3) configured at the provider, not on the host',
    },
  ],
};
