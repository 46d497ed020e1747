import { defineRule } from '../../core/rule.ts';
import { noWebServer, settingEvidence, webSites } from './_sites.ts';

export default defineRule({
  id: 'web-ssl-session-tickets',
  family: 'web',
  title: 'TLS session tickets are off (or their keys are rotated)',
  severity: 'low',
  rationale:
    'Session tickets are encrypted with a key that nginx and Apache generate at start and keep until the next restart. Whoever obtains that key can decrypt every session resumed with it, which undoes forward secrecy for weeks of traffic.',
  description:
    'For every TLS site, nginx must not issue session tickets — ssl_session_tickets (default on) off in the server or in the default server of its listen socket, since either one turning them off stops them — unless ssl_session_ticket_key files are configured (and, presumably, rotated); Apache SSLSessionTickets (default on) must be off.',
  remediation:
    'nginx, in http{} or each TLS server block:\n  ssl_session_tickets off;\nApache (mods-available/ssl.conf):\n  SSLSessionTickets off\nSession resumption keeps working through the server-side session cache (ssl_session_cache shared:SSL:10m; / SSLSessionCache).',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'NGINX Reverse Proxy' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  messages: {
    ticketsOn: '{{site}} issues TLS session tickets with a key that lives until the next restart{{origin}}.',
  },
  requires: ['nginx', 'apache'],
  check({ nginx, apache }, report) {
    if (noWebServer(nginx, apache)) return report.skip('not applicable: neither nginx nor Apache httpd is installed');
    for (const site of webSites(nginx, apache).filter((s) => s.tls)) {
      const t = site.sessionTickets;
      if (!t.value || t.keysConfigured) continue;
      report.fail('ticketsOn', {
        data: { site: site.label, origin: t.source ? '' : ' (default: on)' },
        evidence: [settingEvidence(site, t, 'no ssl_session_tickets/SSLSessionTickets set: on by default')],
        key: site.key,
      });
    }
  },
});
