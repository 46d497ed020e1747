import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { dockerSetting, whereToSet } from './_docker.ts';

export default defineRule({
  id: 'docker-userns-remap',
  family: 'containers',
  title: 'Docker remaps container root to an unprivileged user',
  severity: 'medium',
  rationale:
    'Without user-namespace remapping, root inside a container is root on the host: a process that escapes through a kernel flaw, a mounted host directory or a misconfiguration acts with full privileges. With `userns-remap`, container root is an unprivileged subordinate UID on the host.',
  description: 'Checks that `userns-remap` is set in /etc/docker/daemon.json or with `--userns-remap` on the dockerd command line.',
  remediation:
    'Add `"userns-remap": "default"` to /etc/docker/daemon.json (Docker creates the dockremap user and its /etc/subuid and /etc/subgid ranges), then `systemctl restart docker`. Volumes written before must be re-owned to the remapped IDs; services that need the host namespace can opt out with `userns_mode: host`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' },
    { guideline: '004_505672b286b27604.txt', section: "Remise en question de l'accès root universel" },
  ],
  messages: {
    noUsernsRemap: 'Docker does not remap container users: root in a container is root on the host.',
  },
  requires: ['docker'],
  check({ docker }, report) {
    if (!docker.installed) return report.skip('Docker is not installed');
    const s = dockerSetting(docker, 'userns-remap');
    if (s && typeof s.value === 'string' && s.value.trim() !== '') return;
    report.fail('noUsernsRemap', { evidence: [s ? lineEvidence(s.source, 'empty value') : fileEvidence(whereToSet(docker), 'no "userns-remap" setting')] });
  },
});
