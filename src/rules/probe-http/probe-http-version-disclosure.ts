import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { NGINX_PROXY, allResponses, headerValues } from './_http.ts';

const VERSIONED = /\d+\.\d+/;
const STACK_HEADERS = ['x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-generator'];

export default defineRule({
  id: 'probe-http-version-disclosure',
  family: 'probe-http',
  title: 'Responses do not disclose software versions',
  severity: 'low',
  rationale:
    'A Server header such as "nginx/1.22.1" or an X-Powered-By header tells every scanner which exact versions run here, so that hosts with a known vulnerability are found without any effort. Hiding versions does not fix anything, but it removes the free targeting.',
  description:
    'Looks at every response received from HTTP and HTTPS endpoints (including redirects and the login page). Fails when a Server header contains a version number, or when X-Powered-By, X-AspNet-Version, X-AspNetMvc-Version or X-Generator is present.',
  remediation:
    'nginx: `server_tokens off;` in the http block (removes the version from Server). Drop framework headers at the proxy: `proxy_hide_header X-Powered-By;` (nginx) or `Header unset X-Powered-By` (Apache, with `ServerTokens Prod`); PHP: `expose_php = Off`. Then reload the server.',
  references: [NGINX_PROXY],
  messages: {
    serverVersion: '{{endpoint}} discloses its version: Server: {{value}}.',
    stackHeader: '{{endpoint}} discloses its software stack: {{header}}: {{value}}.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'http', report, 'no HTTP endpoint was probed', (rec) => {
      const responses = allResponses(rec);
      if (responses.length === 0) {
        if (rec.implied) return;
        return reportProbeError(report, ctx, rec, rec.main.error ?? rec.error, 'the response headers');
      }
      const seen = new Set<string>();
      for (const res of responses) {
        for (const value of headerValues(res, 'server')) {
          if (!VERSIONED.test(value) || seen.has(`server\u0001${value}`)) continue;
          seen.add(`server\u0001${value}`);
          report.fail('serverVersion', {
            data: { endpoint: rec.endpoint, value },
            evidence: [endpointEvidence(rec.endpoint, `Server: ${value}`, res.url)],
            key: `${rec.endpoint}\u0001server`,
          });
        }
        for (const header of STACK_HEADERS) {
          for (const value of headerValues(res, header)) {
            if (seen.has(`${header}\u0001${value}`)) continue;
            seen.add(`${header}\u0001${value}`);
            report.fail('stackHeader', {
              data: { endpoint: rec.endpoint, header, value },
              evidence: [endpointEvidence(rec.endpoint, `${header}: ${value}`, res.url)],
              key: `${rec.endpoint}\u0001${header}`,
            });
          }
        }
      }
    });
  },
});
