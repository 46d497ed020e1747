import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { enabledUnit, enablementEvidence, loopbackOnly } from './_services.ts';

export default defineRule({
  id: 'services-mta-exposed',
  family: 'services',
  title: 'The local mail server listens on loopback only',
  severity: 'medium',
  rationale:
    'A server needs a mail transfer agent to send its own notifications, which only takes a listener on 127.0.0.1 (or none). An MTA that accepts SMTP connections from the network is a second Internet-facing service to patch and configure correctly, and a relay for spam when it is not.',
  description:
    'For mail servers that start at boot: postfix `inet_interfaces` in /etc/postfix/main.cf (postfix default `all`) together with the active `inet` services of master.cf; exim4 `dc_local_interfaces` in /etc/exim4/update-exim4.conf.conf (empty means every interface); OpenSMTPD `listen on` in /etc/smtpd.conf. Loopback addresses, `loopback-only` and `localhost` are fine.',
  remediation:
    "postfix: `postconf -e inet_interfaces=loopback-only && systemctl restart postfix`. exim4: `dpkg-reconfigure exim4-config` and answer 127.0.0.1 ; ::1 for the listening addresses (dc_local_interfaces='127.0.0.1 ; ::1'), then `update-exim4.conf && systemctl restart exim4`. OpenSMTPD: `listen on lo` only. If the host must receive mail from outside, it is a mail server and needs its own hardening review.",
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Disable unneeded services' },
  ],
  messages: {
    postfix: 'postfix starts at boot and listens on {{value}} (inet_interfaces), not only on loopback.',
    exim4: 'exim4 starts at boot and listens on {{value}}, not only on loopback.',
    opensmtpd: 'OpenSMTPD starts at boot and listens on {{value}}.',
  },
  requires: ['systemd'],
  check({ systemd }, report) {
    const d = systemd.daemons;
    const pf = enabledUnit(systemd, ['postfix.service', 'postfix@-.service']);
    if (pf && d.postfix) {
      const ii = d.postfix.inetInterfaces;
      const listens = d.postfix.inetServices === null || d.postfix.inetServices.length > 0;
      if (listens && !loopbackOnly(ii.value))
        report.fail('postfix', {
          data: { value: ii.value },
          evidence: [ii.source ? lineEvidence(ii.source) : fileEvidence(d.postfix.mainCf, 'inet_interfaces not set: postfix default "all"'), ...(d.postfix.inetServices ?? []).slice(0, 2).map((s) => lineEvidence(s)), ...enablementEvidence(pf.unit, pf.via)],
          key: 'postfix',
        });
    }
    const ex = enabledUnit(systemd, ['exim4.service']);
    if (ex && d.exim4) {
      const li = d.exim4.localInterfaces;
      if (!loopbackOnly(li.value))
        report.fail('exim4', {
          data: { value: li.value === '' ? 'every interface (dc_local_interfaces is empty)' : li.value },
          evidence: [li.source ? lineEvidence(li.source) : fileEvidence(d.exim4.file, 'dc_local_interfaces not set: every interface'), ...enablementEvidence(ex.unit, ex.via)],
          key: 'exim4',
        });
    }
    const os = enabledUnit(systemd, ['opensmtpd.service']);
    if (os && d.opensmtpd) {
      const outside = d.opensmtpd.listens.filter((l) => !loopbackOnly(l.on));
      if (outside.length > 0)
        report.fail('opensmtpd', { data: { value: outside.map((l) => l.on).join(', ') }, evidence: [...outside.map((l) => lineEvidence(l.source)), ...enablementEvidence(os.unit, os.via)], key: 'opensmtpd' });
    }
  },
});
