import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { isWildcardAddress } from './_net.ts';

export default defineRule({
  id: 'mongodb-bind-ip',
  family: 'databases',
  title: 'MongoDB does not listen on every interface',
  severity: 'medium',
  rationale: 'Databases reachable from every network are the first thing scanners look for; mongod should answer only loopback and the application hosts.',
  description: 'In mongod.conf, net.bindIpAll must not be true and net.bindIp (default 127.0.0.1 since 3.6) must not contain 0.0.0.0, :: or *.',
  remediation: 'In /etc/mongod.conf:\n  net:\n    bindIp: 127.0.0.1,10.0.0.5   # loopback and the private address clients use\nand remove bindIpAll; then `systemctl restart mongod`.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    allInterfaces: 'mongod listens on all interfaces ({{why}}).',
  },
  requires: ['mongodb'],
  check({ mongodb }, report) {
    if (!mongodb.installed) return report.skip('not applicable: MongoDB is not installed');
    if (/^(true|1)$/i.test(mongodb.bindIpAll.value) && mongodb.bindIpAll.source) {
      report.fail('allInterfaces', { data: { why: 'bindIpAll: true' }, evidence: [lineEvidence(mongodb.bindIpAll.source)], key: 'bindIpAll' });
      return;
    }
    const addrs = mongodb.bindIp.value.split(',').map((s) => s.trim());
    if (mongodb.bindIp.source && addrs.some(isWildcardAddress)) {
      report.fail('allInterfaces', { data: { why: `bindIp ${mongodb.bindIp.value}` }, evidence: [lineEvidence(mongodb.bindIp.source)], key: 'bindIp' });
    }
  },
});
