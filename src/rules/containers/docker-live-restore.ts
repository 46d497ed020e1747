import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { dockerSetting, whereToSet } from './_docker.ts';

export default defineRule({
  id: 'docker-live-restore',
  family: 'containers',
  title: 'Containers keep running while the Docker daemon restarts',
  severity: 'low',
  rationale:
    'Without live restore, every container stops when dockerd is restarted or upgraded, so applying a Docker security update means downtime for all services and tends to be postponed.',
  description: 'Checks that `"live-restore": true` is in /etc/docker/daemon.json or `--live-restore` on the dockerd command line.',
  remediation: 'Add `"live-restore": true` to /etc/docker/daemon.json and reload Docker (`systemctl reload docker`).',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Updates' }],
  messages: {
    noLiveRestore: 'Live restore is off: restarting or upgrading Docker stops every container.',
  },
  requires: ['docker'],
  check({ docker }, report) {
    if (!docker.installed) return report.skip('Docker is not installed');
    const s = dockerSetting(docker, 'live-restore');
    if (s?.value === true) return;
    report.fail('noLiveRestore', { evidence: [s ? lineEvidence(s.source) : fileEvidence(whereToSet(docker), 'no "live-restore" setting: the default is false')] });
  },
});
