import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { enabledUnit, enablementEvidence } from './_services.ts';

/** Display managers by unit name; the display-manager.service alias last, so that the real one is named. */
const DISPLAY_MANAGERS = ['gdm.service', 'gdm3.service', 'lightdm.service', 'sddm.service', 'xdm.service', 'lxdm.service', 'slim.service', 'nodm.service', 'kdm.service', 'wdm.service', 'display-manager.service'];

export default defineRule({
  id: 'services-display-manager',
  family: 'services',
  title: 'No graphical login (X server and display manager) starts on a server',
  severity: 'low',
  rationale:
    'A display manager starts an X or Wayland server running as root plus a whole desktop stack: a large body of code that a headless server never uses, with its own history of privilege escalation bugs. Removing it shrinks the attack surface at no cost.',
  description:
    'Reports a display manager (gdm, lightdm, sddm, xdm, lxdm, slim, nodm, or the display-manager.service alias) that starts at boot while the default target is graphical.target (the link /etc/systemd/system/default.target, else the vendor default).',
  remediation:
    'Boot to the text target and remove the desktop: `systemctl set-default multi-user.target`, `systemctl disable --now display-manager`, then `apt purge gdm3 lightdm sddm xdm` (and `task-desktop` if installed; `dnf groupremove "Server with GUI"` on RHEL).',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Disable unneeded services' },
  ],
  messages: {
    displayManager: 'The display manager {{unit}} starts at boot (default target {{target}}).',
  },
  requires: ['systemd'],
  check({ systemd }, report) {
    if (!systemd.present) return report.skip('systemd is not installed');
    const target = systemd.defaultTarget?.name ?? 'graphical.target';
    if (target !== 'graphical.target') return;
    const dm = enabledUnit(systemd, DISPLAY_MANAGERS);
    if (!dm) return;
    const ev = enablementEvidence(dm.unit, dm.via);
    if (systemd.defaultTarget) ev.push(fileEvidence(systemd.defaultTarget.path, `default target ${target}`));
    report.fail('displayManager', { data: { unit: dm.unit, target }, evidence: ev, key: 'display-manager' });
  },
});
