import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { DATABASE, PG_SRE } from './_refs.ts';

export default defineRule({
  id: 'probe-postgres-trust',
  family: 'probe-db',
  title: 'PostgreSQL asks network clients for credentials',
  severity: 'critical',
  rationale:
    'With the `trust` method in pg_hba.conf, PostgreSQL lets anyone who can reach the port log in as any role, including the superuser "postgres", without a password: the whole database and, through it, often the host are open.',
  description:
    'Sends a StartupMessage for user "postgres" and database "postgres" with no password (over TLS when the server offers it, and in plain text) and reads the first authentication message. Fails when the server answers AuthenticationOk. A password, SCRAM or GSS request, or a refusal (no pg_hba.conf entry), passes. The connection is terminated at once; no query is sent.',
  remediation:
    'Replace `trust` with `scram-sha-256` in every `host`/`hostssl` line of pg_hba.conf (e.g. `host all all 127.0.0.1/32 scram-sha-256`), give the roles passwords (`\\password postgres` in psql), then `systemctl reload postgresql`.',
  references: [PG_SRE, DATABASE],
  messages: {
    trust: '{{endpoint}} let user "postgres" in without a password over {{transport}}.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'postgres', report, 'no PostgreSQL endpoint was probed', (rec) => {
      if (rec.error || rec.startups.length === 0) return reportProbeError(report, ctx, rec, rec.error, 'authentication');
      const answered = rec.startups.filter((s) => !s.error);
      for (const s of rec.startups) {
        if (s.outcome !== 'ok') continue;
        report.fail('trust', {
          data: { endpoint: rec.endpoint, transport: s.transport === 'tls' ? 'TLS' : 'plain TCP' },
          evidence: [endpointEvidence(rec.endpoint, `StartupMessage user=postgres database=postgres: AuthenticationOk${s.serverVersion ? ` (server ${s.serverVersion})` : ''}`)],
          key: `${rec.endpoint}\u0001${s.transport}`,
        });
      }
      if (answered.length === 0) reportProbeError(report, ctx, rec, rec.startups[0]?.error, 'authentication');
    });
  },
});
