import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, plainHttpNotOffered, reportProbeError } from '../../probes/rule-support.ts';
import { HTTPS_ONLY, NGINX_PROXY, SECURE_PROTOCOLS_EWC, SECURE_PROTOCOLS_POUTA, headerValues } from './_http.ts';

export default defineRule({
  id: 'probe-http-https-redirect',
  family: 'probe-http',
  title: 'Plain HTTP only redirects to HTTPS on the same host',
  severity: 'high',
  rationale:
    'Anything served over plain HTTP (pages, login forms, session cookies) can be read and changed by anyone on the path. A plain-HTTP listener should do nothing but send the client to the HTTPS address of the same host; a redirect to another host or to another plain-HTTP URL keeps the first request open to tampering.',
  description:
    'For each plain http:// endpoint probed (given explicitly, or port 80 of a host probed as https:// on the default port), reads the first response without following it. Passes when it is a redirect (301, 302, 303, 307, 308) whose Location is https:// on the same host, or when nothing listens on the implied port 80. Fails when the server answers with anything else.',
  remediation:
    'Make the plain-HTTP server block redirect only, e.g. for nginx: `server { listen 80; server_name host.example.org; return 301 https://$host$request_uri; }`, then `nginx -t && systemctl reload nginx`. If no plain HTTP is needed at all, stop listening on port 80 and close it in the firewall.',
  references: [HTTPS_ONLY, SECURE_PROTOCOLS_POUTA, SECURE_PROTOCOLS_EWC, NGINX_PROXY],
  messages: {
    servesPlain: '{{endpoint}} answers plain HTTP with status {{status}} instead of redirecting to HTTPS.',
    redirectsInsecurely: '{{endpoint}} redirects plain HTTP to {{location}}, not to HTTPS on the same host.',
    notOffered: '{{endpoint}}: nothing listens for plain HTTP.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(
      probes,
      'http',
      report,
      'no plain HTTP endpoint was probed',
      (rec) => {
        const first = rec.main.responses[0];
        if (!first) {
          const err = rec.main.error ?? rec.error;
          if (plainHttpNotOffered(rec))
            return report.pass('notOffered', { data: { endpoint: rec.endpoint }, evidence: [endpointEvidence(rec.endpoint, undefined, err?.message)], key: rec.endpoint });
          return reportProbeError(report, ctx, rec, err, 'the plain-HTTP answer');
        }
        const location = headerValues(first, 'location')[0];
        const evidence = [endpointEvidence(rec.endpoint, `HTTP ${first.status}${location !== undefined ? `, Location: ${location}` : ''}`, first.url)];
        const isRedirect = [301, 302, 303, 307, 308].includes(first.status);
        if (!isRedirect || location === undefined)
          return report.fail('servesPlain', { data: { endpoint: rec.endpoint, status: first.status }, evidence, key: rec.endpoint });
        let target: URL | undefined;
        try {
          target = new URL(location, first.url);
        } catch {
          target = undefined;
        }
        const host = new URL(first.url).hostname.toLowerCase();
        if (!target || target.protocol !== 'https:' || target.hostname.toLowerCase() !== host)
          report.fail('redirectsInsecurely', { data: { endpoint: rec.endpoint, location }, evidence, key: rec.endpoint });
      },
      (rec) => rec.scheme === 'http',
    );
  },
});
