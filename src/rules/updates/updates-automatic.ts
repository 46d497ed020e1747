import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { aptBool } from '../../parsers/apt-conf/apt-conf.ts';
import type { SystemdFacts } from '../../facts/systemd.ts';

/** apt.systemd.daily reads an interval: "0" (or empty) is off; a number of days or a time span is on. */
function intervalOn(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'never') return false;
  if (/^[0-9.]+[smhd]?$/.test(v)) return Number.parseFloat(v) > 0;
  return v === 'always';
}

/** An origin pattern or allowed origin that covers the security archive. */
function coversSecurity(value: string): boolean {
  return /security/i.test(value) || /(^|,)\s*(o|origin)=\*\s*($|,)/i.test(value);
}

const enabledEvidence = (systemd: SystemdFacts, unit: string): Evidence[] => systemd.enabledVia(unit).map((e) => fileEvidence(e.path, `${unit} enabled`));

export default defineRule({
  id: 'updates-automatic',
  family: 'updates',
  title: 'Security updates are installed automatically',
  severity: 'high',
  rationale:
    'Fixes for known vulnerabilities usually exist before attacks on them spread; a host that waits for someone to log in and upgrade stays exposed in between. The distribution tools install updates unattended: unattended-upgrades on Debian and Ubuntu, dnf-automatic on RHEL 8+ and Fedora, yum-cron on RHEL/CentOS 7.',
  description:
    "Debian/Ubuntu: unattended-upgrades is installed; APT::Periodic::Enable is not off and APT::Periodic::Update-Package-Lists and APT::Periodic::Unattended-Upgrade are non-zero (apt.conf.d merged as apt does); Unattended-Upgrade::Origins-Pattern or Allowed-Origins includes the security archive; on systemd hosts apt-daily.timer and apt-daily-upgrade.timer are enabled. RHEL 8+/Fedora: dnf-automatic-install.timer is enabled, or dnf-automatic.timer with `apply_updates = yes` in /etc/dnf/automatic.conf. RHEL/CentOS 7: yum-cron is enabled with `apply_updates = yes` in /etc/yum/yum-cron.conf. Other systems are not applicable.",
  remediation:
    "Debian/Ubuntu: `apt install unattended-upgrades && dpkg-reconfigure -plow unattended-upgrades` (writes /etc/apt/apt.conf.d/20auto-upgrades with `APT::Periodic::Update-Package-Lists \"1\";` and `APT::Periodic::Unattended-Upgrade \"1\";`), keep the `-security` origin in 50unattended-upgrades, and `systemctl enable --now apt-daily.timer apt-daily-upgrade.timer`. RHEL 8+: `dnf install dnf-automatic && systemctl enable --now dnf-automatic-install.timer`. CentOS 7: `yum install yum-cron`, set `apply_updates = yes` in /etc/yum/yum-cron.conf, `systemctl enable --now yum-cron`.",
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Automatic software updates' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Automatic software updates' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Updates' },
  ],
  messages: {
    notInstalled: 'unattended-upgrades is not installed: nothing installs updates unattended.',
    periodicDisabled: 'APT::Periodic::Enable is "{{value}}": the daily APT jobs are switched off.',
    intervalOff: '{{option}} is {{value}}: {{what}} never happens automatically.',
    noSecurityOrigin: 'Unattended-Upgrade::Origins-Pattern / Allowed-Origins does not include the security archive: security fixes are not installed automatically.',
    timerDisabled: '{{unit}} is {{state}}: the automatic APT runs never start.',
    dnfNotInstalled: 'dnf-automatic is not installed: nothing installs updates unattended.',
    dnfTimerDisabled: 'No dnf-automatic timer is enabled (dnf-automatic-install.timer or dnf-automatic.timer).',
    dnfNoApply: 'dnf-automatic.timer runs with apply_updates = {{value}}: updates are downloaded or reported but never installed.',
    yumCronMissing: 'yum-cron is not installed or not enabled: nothing installs updates unattended.',
    yumCronNoApply: 'yum-cron runs with apply_updates = {{value}}: updates are never installed.',
  },
  requires: ['updates', 'apt', 'systemd'],
  check({ updates, apt, systemd }, report) {
    if (updates.family === 'debian') {
      if (!updates.unattendedUpgrades.installed) {
        report.fail('notInstalled', { evidence: [fileEvidence(updates.unattendedUpgrades.evidence, 'no unattended-upgrades package')], key: 'not-installed' });
        return;
      }
      const enable = apt.config.get('APT::Periodic::Enable');
      if (enable && !aptBool(enable.value, true)) report.fail('periodicDisabled', { data: { value: enable.value }, evidence: [lineEvidence(enable.source)], key: 'periodic-enable' });
      for (const [option, what] of [
        ['APT::Periodic::Update-Package-Lists', 'refreshing the package lists'],
        ['APT::Periodic::Unattended-Upgrade', 'running unattended-upgrade'],
      ] as const) {
        const v = apt.config.get(option);
        if (intervalOn(v?.value)) continue;
        report.fail('intervalOff', {
          data: { option, value: v ? `"${v.value}"` : 'not set (default 0)', what },
          evidence: [v ? lineEvidence(v.source) : fileEvidence('/etc/apt/apt.conf.d/20auto-upgrades', `${option} is not set in any apt.conf file`)],
          key: option,
        });
      }
      const origins = [...apt.config.list('Unattended-Upgrade::Origins-Pattern'), ...apt.config.list('Unattended-Upgrade::Allowed-Origins')];
      if (!origins.some((o) => coversSecurity(o.value))) {
        report.fail('noSecurityOrigin', {
          evidence: origins.length > 0 ? origins.slice(0, 5).map((o) => lineEvidence(o.source)) : [fileEvidence('/etc/apt/apt.conf.d/50unattended-upgrades', 'no origin configured')],
          key: 'origins',
        });
      }
      if (systemd.present)
        for (const unit of ['apt-daily.timer', 'apt-daily-upgrade.timer']) {
          if (systemd.enabledVia(unit).length > 0) continue;
          const masked = systemd.isMasked(unit);
          const u = systemd.units.get(unit);
          report.fail('timerDisabled', {
            data: { unit, state: masked ? 'masked' : 'not enabled' },
            evidence: [fileEvidence(masked && u ? u.path : `/etc/systemd/system/timers.target.wants/${unit}`, masked ? 'linked to /dev/null' : 'no wants link')],
            key: unit,
          });
        }
      return;
    }
    if (updates.family === 'rhel') {
      const yum = updates.rhelMajor !== null && updates.rhelMajor <= 7 && !updates.osLabel.startsWith('fedora');
      if (yum) {
        const via = systemd.enabledVia('yum-cron.service');
        if (updates.yumCronApply === null || (systemd.present && via.length === 0)) {
          report.fail('yumCronMissing', { evidence: [fileEvidence(updates.yumCronApply ? '/etc/systemd/system/multi-user.target.wants/yum-cron.service' : '/etc/yum/yum-cron.conf', updates.yumCronApply ? 'yum-cron.service not enabled' : 'not found')], key: 'yum-cron' });
        } else if (!/^(yes|true|1|on)$/i.test(updates.yumCronApply.value)) {
          const s = updates.yumCronApply.source;
          report.fail('yumCronNoApply', { data: { value: updates.yumCronApply.value }, evidence: [s ? lineEvidence(s) : fileEvidence('/etc/yum/yum-cron.conf', 'apply_updates not set (default no)')], key: 'yum-cron-apply' });
        }
        return;
      }
      const install = ['dnf-automatic-install.timer', 'dnf5-automatic-install.timer'].find((t) => systemd.enabledVia(t).length > 0);
      if (install) return;
      const generic = ['dnf-automatic.timer', 'dnf5-automatic.timer'].find((t) => systemd.enabledVia(t).length > 0);
      if (generic) {
        const apply = updates.dnfAutomaticApply ?? { value: 'no', source: null };
        if (/^(yes|true|1|on)$/i.test(apply.value)) return;
        report.fail('dnfNoApply', {
          data: { value: apply.value },
          evidence: [...enabledEvidence(systemd, generic), apply.source ? lineEvidence(apply.source) : fileEvidence('/etc/dnf/automatic.conf', 'apply_updates not set (default no)')],
          key: 'dnf-apply',
        });
        return;
      }
      const installed = updates.dnfAutomaticApply !== null || [...systemd.units.keys()].some((u) => /^dnf5?-automatic/.test(u));
      if (!installed) report.fail('dnfNotInstalled', { evidence: [fileEvidence('/etc/dnf/automatic.conf', 'not found')], key: 'dnf-automatic' });
      else report.fail('dnfTimerDisabled', { evidence: [fileEvidence('/etc/systemd/system/timers.target.wants', 'no dnf-automatic timer link')], key: 'dnf-timer' });
      return;
    }
    report.skip(`no supported automatic update tool for ${updates.osLabel}`);
  },
});
