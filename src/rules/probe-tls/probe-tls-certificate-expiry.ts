import { defineRule } from '../../core/rule.ts';
import { endpointEvidence } from '../../probes/rule-support.ts';
import { forEachChain, position } from './_certificate.ts';
import { NGINX_PROXY, SECURE_PROTOCOLS_POUTA } from './_refs.ts';

const DAY_MS = 86_400_000;

export default defineRule({
  id: 'probe-tls-certificate-expiry',
  family: 'probe-tls',
  title: 'The TLS certificates are valid and not about to expire',
  severity: 'high',
  rationale:
    'An expired (or not yet valid) certificate makes clients fail or, worse, teaches users to click through warnings, which is exactly what an attacker with a forged certificate needs. Warning some weeks ahead leaves time to renew before an outage.',
  description:
    'Compares the validity period of every certificate the server sends (except a self-signed root at the end) with the time the record was retrieved. Fails when one is expired or not yet valid, and, with a lower severity, when one expires within `certificateWarnDays` days.',
  remediation:
    'Renew the certificate (e.g. `certbot renew`, or your CA\'s process), install the new certificate and intermediates (nginx: `ssl_certificate` pointing at the full chain), then reload the server (`systemctl reload nginx`). Automate renewal with a timer so it happens well before expiry.',
  references: [NGINX_PROXY, SECURE_PROTOCOLS_POUTA],
  params: {
    certificateWarnDays: { default: 30, description: 'Warn when a certificate expires within this many days.' },
  },
  messages: {
    expired: '{{endpoint}}: the {{which}} ({{subject}}) expired on {{date}}.',
    notYetValid: '{{endpoint}}: the {{which}} ({{subject}}) is not valid before {{date}}.',
    expiresSoon: '{{endpoint}}: the {{which}} ({{subject}}) expires on {{date}}, in {{days}} days.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    const warnDays = Number(ctx.param<number>('certificateWarnDays'));
    forEachChain(probes, report, ctx, (rec, cert) => {
      const now = Date.parse(rec.retrievedAt);
      cert.chain.forEach((c, i) => {
        if (i > 0 && c.selfSigned) return;
        const notAfter = Date.parse(c.notAfter);
        const notBefore = Date.parse(c.notBefore);
        const data = { endpoint: rec.endpoint, which: position(i), subject: c.subject };
        const evidence = [endpointEvidence(rec.endpoint, `${c.subject}: valid ${c.notBefore} to ${c.notAfter}`, position(i))];
        const key = `${rec.endpoint}\u0001${c.fingerprint256}`;
        if (notAfter <= now) report.fail('expired', { data: { ...data, date: c.notAfter }, evidence, key });
        else if (notBefore > now) report.fail('notYetValid', { data: { ...data, date: c.notBefore }, evidence, key });
        else if (notAfter - now < warnDays * DAY_MS)
          report.fail('expiresSoon', { data: { ...data, date: c.notAfter, days: Math.floor((notAfter - now) / DAY_MS) }, evidence, key, severity: 'medium' });
      });
    });
  },
});
