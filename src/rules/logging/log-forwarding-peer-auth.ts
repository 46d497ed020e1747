import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { remoteForwards } from './_forwards.ts';

export default defineRule({
  id: 'log-forwarding-peer-auth',
  family: 'logging',
  title: 'Encrypted log forwarding checks who the server is',
  severity: 'medium',
  rationale:
    'TLS without checking the certificate of the log server (rsyslog\'s default "anon" mode, syslog-ng\'s "untrusted" verification) encrypts the logs but sends them to whoever answers: an attacker who can redirect the traffic receives them and can keep the real server in the dark.',
  description:
    'For forwarding actions that use TLS, flags rsyslog `StreamDriverAuthMode` / `$ActionSendStreamDriverAuthMode` left at or set to `anon`, RELP actions with tls="on" but no `tls.authMode`, and syslog-ng tls() blocks with an `*-untrusted` peer-verify.',
  remediation:
    'Authenticate the server: rsyslog omfwd `StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="logs.example.org"`; omrelp `tls.authMode="name" tls.permittedPeer=["logs.example.org"]`; syslog-ng `peer-verify(required-trusted)` with the CA in ca-dir().',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Centralisation des logs' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    anonymousTls: '{{daemon}} sends logs to {{target}} over TLS without authenticating the server (mode {{mode}}).',
  },
  requires: ['rsyslog', 'syslogng'],
  check({ rsyslog, syslogng }, report) {
    for (const f of remoteForwards(rsyslog, syslogng)) {
      if (!f.tls || f.authMode !== 'anon') continue;
      report.fail('anonymousTls', {
        data: { daemon: f.daemon, target: `${f.target}${f.port ? `:${f.port}` : ''}`, mode: f.authMode },
        evidence: [lineEvidence(f.source)],
        key: `${f.daemon}:${f.target}:${f.port ?? ''}`,
      });
    }
  },
});
