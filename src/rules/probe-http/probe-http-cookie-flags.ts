import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { SECURITY_FEATURES, NGINX_PROXY, allResponses, headerValues, parseSetCookie } from './_http.ts';

export default defineRule({
  id: 'probe-http-cookie-flags',
  family: 'probe-http',
  title: 'Cookies are set with Secure, HttpOnly and SameSite',
  severity: 'medium',
  rationale:
    'Session cookies are the keys to a logged-in GUI. Without Secure a browser also sends them over plain HTTP; without HttpOnly any injected script can read them; without SameSite (or with SameSite=None) other sites can make the browser send them along with forged requests (CSRF).',
  description:
    'Parses every Set-Cookie header received from the endpoints (first response, same-host redirects, and the login page given with --login-path), skipping cookies that are being deleted. Fails once per cookie and missing attribute: Secure, HttpOnly, and SameSite=Strict or Lax.',
  remediation:
    'Set the flags in the application\'s session settings (e.g. the GUI\'s cookie secure/httponly/samesite options). If the application cannot, nginx can add them: `proxy_cookie_flags ~ secure httponly samesite=lax;` (nginx 1.19.3+) in the proxied location, then `nginx -t && systemctl reload nginx`. Cookies that scripts must read (a CSRF token) may stay without HttpOnly: exclude them with a waiver.',
  references: [SECURITY_FEATURES, NGINX_PROXY],
  messages: {
    noSecure: '{{endpoint}} sets cookie "{{cookie}}" without Secure.',
    noHttpOnly: '{{endpoint}} sets cookie "{{cookie}}" without HttpOnly.',
    noSameSite: '{{endpoint}} sets cookie "{{cookie}}" without SameSite=Strict or Lax ({{sameSite}}).',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'http', report, 'no HTTP endpoint was probed', (rec) => {
      const responses = allResponses(rec);
      if (responses.length === 0) {
        if (rec.implied) return;
        return reportProbeError(report, ctx, rec, rec.main.error ?? rec.error, 'the cookies');
      }
      if (rec.login && rec.login.responses.length === 0)
        reportProbeError(report, ctx, rec, rec.login.error, `the cookies of the login page ${rec.login.path}`);
      const done = new Set<string>();
      for (const res of responses) {
        for (const header of headerValues(res, 'set-cookie')) {
          const c = parseSetCookie(header);
          if (c.clearing || c.name === '') continue;
          const flag = (id: 'noSecure' | 'noHttpOnly' | 'noSameSite', bad: boolean) => {
            const key = `${rec.endpoint}\u0001${c.name}\u0001${id}`;
            if (!bad || done.has(key)) return;
            done.add(key);
            report.fail(id, {
              data: { endpoint: rec.endpoint, cookie: c.name, sameSite: c.sameSite === undefined ? 'absent' : `SameSite=${c.sameSite}` },
              evidence: [endpointEvidence(rec.endpoint, `Set-Cookie: ${c.raw}`, res.url)],
              key,
            });
          };
          flag('noSecure', !c.secure);
          flag('noHttpOnly', !c.httpOnly);
          flag('noSameSite', c.sameSite !== 'strict' && c.sameSite !== 'lax');
        }
      }
    });
  },
});
