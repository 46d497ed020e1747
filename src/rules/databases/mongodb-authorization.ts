import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { isLoopbackAddress } from './_net.ts';

export default defineRule({
  id: 'mongodb-authorization',
  family: 'databases',
  title: 'MongoDB requires authentication',
  severity: 'high',
  rationale: 'mongod without security.authorization lets every client that connects read, change and drop every database; thousands of exposed instances were wiped and ransomed this way.',
  description:
    'mongod must enforce access control: security.authorization enabled (legacy: auth = true), or internal authentication with security.keyFile or clusterAuthMode x509, which enforces it too, and not security.transitionToAuth. When mongod listens only on loopback the finding is medium.',
  remediation: 'Create an administrator first (mongosh: db.createUser in the admin database), then in /etc/mongod.conf:\n  security:\n    authorization: enabled\nand `systemctl restart mongod`.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    disabled: 'mongod does not require authentication (security.authorization is {{value}}{{transition}}).',
  },
  requires: ['mongodb'],
  check({ mongodb }, report) {
    if (!mongodb.installed) return report.skip('not applicable: MongoDB is not installed');
    if (mongodb.accessControl) return;
    const local = !/^(true|1)$/i.test(mongodb.bindIpAll.value) && mongodb.bindIp.value.split(',').every((a) => isLoopbackAddress(a.trim()));
    report.fail('disabled', {
      data: {
        value: mongodb.authorization.source ? mongodb.authorization.value : 'not set (disabled by default)',
        transition: /^(true|1)$/i.test(mongodb.transitionToAuth.value) ? ', and transitionToAuth lets clients in without credentials' : '',
      },
      evidence: [mongodb.authorization.source ? lineEvidence(mongodb.authorization.source) : fileEvidence(mongodb.configFile ?? '/etc/mongod.conf', 'security.authorization not set')],
      key: 'authorization',
      ...(local ? { severity: 'medium' as const } : {}),
    });
  },
});
