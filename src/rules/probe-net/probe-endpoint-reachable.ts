import { defineRule } from '../../core/rule.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { ProbeRecord } from '../../probes/record.ts';
import { UNREACHED_CODES, describeFailure, endpointEvidence, plainHttpNotOffered, protocolName, wholeFailure, withoutLabel } from '../../probes/rule-support.ts';
import { FIREWALL_POUTA, OPEN_PORTS_EWC, UNNEEDED_SERVICES_POUTA } from './_refs.ts';

/** The endpoints of the records, in the order probed. */
function endpointsOf(probes: readonly ProbeRecord[]): string[] {
  return [...new Set(probes.map((r) => r.endpoint))];
}

/** Port 80 probed only because an https:// URL on the default port was given. */
function isImplied(rec: ProbeRecord): boolean {
  return rec.kind === 'http' && rec.implied === true;
}

/**
 * An endpoint given in the URLs on the same host that could not be reached for the same
 * reason (the name does not resolve, no route): the host's failure is reported there.
 */
function sameHostFailure(probes: readonly ProbeRecord[], rec: ProbeRecord, code: string): ProbeRecord | undefined {
  return probes.find((r) => r.host === rec.host && !isImplied(r) && wholeFailure(r)?.error.code === code);
}

export default defineRule({
  id: 'probe-endpoint-reachable',
  family: 'probe-net',
  title: 'Every probed endpoint answers in the protocol of its URL',
  severity: 'medium',
  rationale:
    'A probe can only vouch for what it actually talked to. When an endpoint refuses the connection, stays silent, cannot be resolved, or answers in another protocol, none of the TLS, HTTP, SSH or database checks of that endpoint says anything: the service may be down or moved, a firewall may drop the traffic, or the URL names the wrong port. Saying so once, with the cause, keeps that from passing unnoticed and keeps it from being repeated by every other check.',
  description:
    'For each endpoint probed, passes when every record of it holds an answer, and reports `error` once when a record failed as a whole: the connection was refused, timed out, had no route, the name did not resolve, the server reset or closed the connection or did not finish in time, it spoke another protocol or sent an endless banner or oversized headers, or (TLS) it refused every version from SSL 3.0 to TLS 1.3 and sent no certificate. The other probe rules then skip that endpoint instead of each reporting the same error (when this rule is not run, they report it themselves). Port 80 probed only because an https:// URL on the default port was given passes when nothing listens there: plain HTTP is then simply not offered.',
  remediation:
    'Act on the cause named in the finding. "connection refused": start the service (`systemctl status <unit>`) or probe the port it really listens on (`ss -tlnp`). "could not be reached" after a timeout or "no route": check that the host is up and that the firewall allows the probing address (`nft list ruleset`, the cloud security group). "does not resolve": fix the host name or DNS. "does not speak …": give the URL scheme and port of the service that listens there (e.g. ssh://host:2222, not https://host:2222). If the endpoint is meant to be closed, drop it from the list of URLs probed.',
  references: [OPEN_PORTS_EWC, UNNEEDED_SERVICES_POUTA, FIREWALL_POUTA],
  messages: {
    answered: '{{endpoint}} answered ({{protocols}}).',
    notOffered: '{{endpoint}}: nothing listens for plain HTTP beside the HTTPS endpoint, so plain HTTP is not offered.',
  },
  requires: ['probes'],
  check({ probes }, report) {
    const endpoints = endpointsOf(probes);
    if (endpoints.length === 0) return report.skip('not applicable: no endpoint was probed');
    for (const endpoint of endpoints) {
      const recs = probes.filter((r) => r.endpoint === endpoint);
      if (recs.every(plainHttpNotOffered)) {
        const why = recs[0]?.error;
        report.pass('notOffered', { data: { endpoint }, evidence: [endpointEvidence(endpoint, why && withoutLabel(recs[0]!, why.message), why?.code)], key: endpoint });
        continue;
      }
      const failed = recs.flatMap((rec) => {
        const failure = wholeFailure(rec);
        return failure ? [{ rec, failure }] : [];
      });
      const first = failed[0];
      if (!first) {
        const protocols = [...new Set(recs.map(protocolName))].join(', ');
        report.pass('answered', { data: { endpoint, protocols }, evidence: [endpointEvidence(endpoint, `answered: ${protocols}`)], key: endpoint });
        continue;
      }
      const code = first.failure.error.code;
      const reported = isImplied(first.rec) && UNREACHED_CODES.has(code) ? sameHostFailure(probes, first.rec, code) : undefined;
      if (reported) {
        report.skip(`not checked: ${endpoint} (plain HTTP beside ${reported.endpoint}) ${first.failure.verdict} either`);
        continue;
      }
      // One finding per endpoint: the first failure (TLS before the protocol spoken over
      // it) says what happened. Different failures of the other records are shown as
      // evidence, one per distinct cause with the protocols it hit.
      const causes = new Map<string, { code: string; detail: string; protocols: string[] }>();
      for (const { rec, failure } of failed) {
        const detail = withoutLabel(rec, failure.error.message);
        const id = `${failure.error.code}\u0001${detail}`;
        const cause = causes.get(id) ?? { code: failure.error.code, detail, protocols: [] };
        cause.protocols.push(protocolName(rec));
        causes.set(id, cause);
      }
      const evidence: Evidence[] =
        causes.size === 1
          ? [endpointEvidence(endpoint, undefined, first.failure.error.code)]
          : [...causes.values()].map((c) => endpointEvidence(endpoint, `${[...new Set(c.protocols)].join(', ')}: ${c.detail}`, c.code));
      report.error(describeFailure(first.rec, first.failure), {
        evidence,
        key: `${endpoint}\u0001unanswered`,
      });
    }
  },
});
