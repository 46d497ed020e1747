import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { isOn } from '../../facts/mysql.ts';
import { isWildcardAddress } from './_net.ts';

export default defineRule({
  id: 'mysql-bind-address',
  family: 'databases',
  title: 'MySQL/MariaDB does not listen on every interface',
  severity: 'medium',
  rationale:
    'Without bind-address (or with 0.0.0.0, :: or *) the server takes connections on every interface, so that any host able to reach port 3306 can try passwords or exploit the server; databases should answer only the application hosts.',
  description:
    'Unless skip-networking is on, the effective bind-address of the server groups ([mysqld], [server], [mariadb], [mariadbd]) across my.cnf and its included files must be set and must not be a wildcard. MySQL and MariaDB listen on all interfaces by default.',
  remediation:
    'In /etc/mysql/mariadb.conf.d/50-server.cnf (Debian MariaDB) or /etc/mysql/mysql.conf.d/mysqld.cnf (MySQL), section [mysqld]:\n  bind-address = 127.0.0.1      (or the private address the application uses)\nThen `systemctl restart mariadb` (or mysql).',
  references: [
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    allInterfaces: 'The database server listens on all interfaces ({{why}}).',
  },
  requires: ['mysql'],
  check({ mysql }, report) {
    if (!mysql.installed) return report.skip('not applicable: no MySQL/MariaDB server configuration found');
    const sn = mysql.options.get('skip_networking');
    if (sn && isOn(sn.value)) return;
    const bind = mysql.options.get('bind_address');
    if (!bind || bind.value === null) {
      report.fail('allInterfaces', {
        data: { why: 'bind-address is not set' },
        evidence: [fileEvidence(mysql.files[0] ?? '/etc/mysql/my.cnf', 'no bind-address in any [mysqld]/[server]/[mariadb] group')],
        key: 'bind-address:unset',
      });
      return;
    }
    const addrs = bind.value.split(',').map((s) => s.trim());
    if (addrs.some(isWildcardAddress)) {
      report.fail('allInterfaces', { data: { why: `bind-address = ${bind.value}` }, evidence: [lineEvidence(bind.raw.source)], key: 'bind-address:wildcard' });
    }
  },
});
