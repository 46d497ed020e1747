import { defineRule } from '../../core/rule.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';
import { DATABASE } from './_refs.ts';

export default defineRule({
  id: 'probe-ldap-anonymous-bind',
  family: 'probe-db',
  title: 'The LDAP directory refuses anonymous binds',
  severity: 'medium',
  rationale:
    'A directory that accepts anonymous sessions usually lets anyone who reaches it list users, groups and often more attributes, which hands attackers the account names to guess passwords for and a map of the organisation.',
  description:
    'Sends a simple bind with an empty DN and an empty password (an anonymous bind, RFC 4513 §5.1.1). Fails when the result code is 0 (success). What an anonymous session may then read depends on the ACLs, which the probe does not test: it never searches.',
  remediation:
    'OpenLDAP (cn=config): `ldapmodify -Y EXTERNAL -H ldapi:///` with `dn: cn=config` / `add: olcDisallows` / `olcDisallows: bind_anon` (slapd.conf: `disallow bind_anon`), and `olcRequires: authc` to refuse anonymous operations; other servers have an equivalent "allow anonymous access" switch.',
  references: [DATABASE],
  messages: {
    anonymous: '{{endpoint}} accepts anonymous binds.',
  },
  requires: ['probes'],
  check({ probes }, report, ctx) {
    forEachRecord(probes, 'ldap', report, 'no LDAP endpoint was probed', (rec) => {
      if (!rec.anonymousBind) return reportProbeError(report, ctx, rec, rec.error, 'anonymous binds');
      if (rec.anonymousBind.resultCode === 0)
        report.fail('anonymous', { data: { endpoint: rec.endpoint }, evidence: [endpointEvidence(rec.endpoint, 'bind DN="" password="" -> success (0)')], key: rec.endpoint });
    });
  },
});
