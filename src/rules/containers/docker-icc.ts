import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { dockerSetting, whereToSet } from './_docker.ts';

export default defineRule({
  id: 'docker-icc',
  family: 'containers',
  title: 'Containers on the default bridge cannot talk to each other freely',
  severity: 'low',
  rationale:
    'By default every container on the docker0 bridge can reach every port of every other one, so one compromised container can probe and attack the rest. Turning inter-container communication off leaves only explicit links and user-defined networks.',
  description: 'Checks that `"icc": false` is in /etc/docker/daemon.json or `--icc=false` on the dockerd command line.',
  remediation: 'Add `"icc": false` to /etc/docker/daemon.json and restart Docker; put containers that must talk to each other on a shared user-defined network (Compose does this per project).',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Restriction de Docker' }],
  messages: {
    iccEnabled: 'Inter-container communication on the default bridge is allowed.',
  },
  requires: ['docker'],
  check({ docker }, report) {
    if (!docker.installed) return report.skip('Docker is not installed');
    const s = dockerSetting(docker, 'icc');
    if (s?.value === false) return;
    report.fail('iccEnabled', { evidence: [s ? lineEvidence(s.source) : fileEvidence(whereToSet(docker), 'no "icc" setting: the default is true')] });
  },
});
