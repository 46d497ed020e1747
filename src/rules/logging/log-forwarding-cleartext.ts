import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { isLocalTarget, remoteForwards } from './_forwards.ts';

export default defineRule({
  id: 'log-forwarding-cleartext',
  family: 'logging',
  title: 'Logs sent to other hosts are encrypted',
  severity: 'high',
  rationale:
    'Logs carry user names, IP addresses, commands and sometimes secrets. Sent over plain UDP, TCP or RELP they can be read and altered by anyone on the path, and forged entries can be injected into the central log, which defeats its purpose as tamper-proof evidence.',
  description:
    'Flags rsyslog forwarding actions (`@host`, `@@host`, `:omrelp:`, `action(type="omfwd")` without a gtls/ossl stream driver in mode 1, `action(type="omrelp")` without tls="on"), syslog-ng network destinations used by a log path without transport("tls"), and an active audisp-remote plugin using plain TCP (no Kerberos). Targets on the loopback interface are ignored.',
  remediation:
    'Use RELP over TLS with rsyslog (package rsyslog-relp):\n  module(load="omrelp")\n  action(type="omrelp" target="logs.example.org" port="2514" tls="on" tls.caCert="/etc/rsyslog.d/tls/ca.pem" tls.myCert="/etc/rsyslog.d/tls/cert.pem" tls.myPrivKey="/etc/rsyslog.d/tls/key.pem" tls.authMode="name" tls.permittedPeer=["logs.example.org"])\nor omfwd with `StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name"` (package rsyslog-gnutls); with syslog-ng use `transport("tls")` and a tls() block. For audit records, set `transport = krb5` in audisp-remote.conf or ship them through rsyslog over TLS.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Pistes et idées' },
    { guideline: '004_505672b286b27604.txt', section: 'Centralisation des logs' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
  ],
  messages: {
    cleartext: '{{daemon}} sends logs to {{target}} over {{protocol}} without TLS.',
    auditCleartext: 'audisp-remote sends audit records to {{target}} over plain TCP.',
  },
  requires: ['rsyslog', 'syslogng', 'auditd'],
  check({ rsyslog, syslogng, auditd }, report) {
    for (const f of remoteForwards(rsyslog, syslogng)) {
      if (f.tls) continue;
      report.fail('cleartext', {
        data: { daemon: f.daemon, target: `${f.target}${f.port ? `:${f.port}` : ''}`, protocol: f.protocol.toUpperCase() },
        evidence: [lineEvidence(f.source)],
        key: `${f.daemon}:${f.target}:${f.port ?? ''}:${f.protocol}`,
      });
    }
    const remote = auditd.plugins.find((p) => p.active && /audisp-remote$/.test(p.program));
    const conf = auditd.remoteConf?.model;
    const server = conf?.get('remote_server');
    if (remote && server && server.value !== '' && !isLocalTarget(server.value)) {
      const krb5 = conf?.get('transport')?.value.toLowerCase() === 'krb5' || conf?.get('enable_krb5')?.value.toLowerCase() === 'yes';
      if (!krb5) report.fail('auditCleartext', { data: { target: server.value }, evidence: [lineEvidence(server.source)], key: `audisp:${server.value}` });
    }
  },
});
