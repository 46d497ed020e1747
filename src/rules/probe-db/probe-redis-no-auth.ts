import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { DATABASE, EVENT_BUS } from './_refs.ts';

export default defineRule({
  id: 'probe-redis-no-auth',
  family: 'probe-db',
  title: 'Redis requires authentication',
  severity: 'critical',
  rationale:
    'A Redis server that answers without AUTH gives anyone who reaches the port every key and every command, including CONFIG, which is a classic way to write files on the host and take it over.',
  description:
    'Sends PING without authenticating. Fails when the server answers +PONG; passes on NOAUTH (a password is required) or DENIED (protected mode refuses this client). An open server is also asked INFO server for its version; nothing is written.',
  remediation:
    'Set a long random password in /etc/redis/redis.conf: `requirepass <secret>` (or ACL users with `user default off` and named users), keep `bind 127.0.0.1 -::1` unless other hosts need it, and `protected-mode yes`; then `systemctl restart redis-server`.',
  references: [DATABASE, EVENT_BUS],
  messages: {
    open: '{{endpoint}} answers commands without authentication{{version}}.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'redis', report, 'no Redis endpoint was probed', (rec) => {
      if (rec.state === undefined) return reportProbeError(report, ctx, rec, rec.error, 'authentication');
      if (rec.state === 'other')
        return reportProbeError(report, ctx, rec, { code: 'protocol', message: `unexpected answer to PING: ${rec.reply ?? ''}` }, 'authentication');
      if (rec.state === 'open')
        report.fail('open', {
          data: { endpoint: rec.endpoint, version: rec.version ? ` (Redis ${rec.version})` : '' },
          evidence: [endpointEvidence(rec.endpoint, `PING -> ${rec.reply ?? '+PONG'}`)],
          key: rec.endpoint,
        });
    });
  },
});
