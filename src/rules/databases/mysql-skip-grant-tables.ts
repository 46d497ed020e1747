import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { isOn } from '../../facts/mysql.ts';

export default defineRule({
  id: 'mysql-skip-grant-tables',
  family: 'databases',
  title: 'MySQL/MariaDB does not run with skip-grant-tables',
  severity: 'critical',
  rationale:
    'skip-grant-tables turns off authentication and privileges altogether: every client is a superuser. It is meant for a few minutes of password recovery and is easily forgotten in a configuration file.',
  description: 'The server groups of my.cnf and its included files must not enable skip-grant-tables.',
  remediation: 'Remove the skip-grant-tables line (and any skip-networking added with it for recovery), then `systemctl restart mariadb` (or mysql) and check the accounts with `SELECT user, host, plugin FROM mysql.user;`.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    skipGrantTables: 'The database server is configured with skip-grant-tables: no authentication at all.',
  },
  requires: ['mysql'],
  check({ mysql }, report) {
    if (!mysql.installed) return report.skip('not applicable: no MySQL/MariaDB server configuration found');
    const o = mysql.options.get('skip_grant_tables');
    if (o && isOn(o.value)) report.fail('skipGrantTables', { evidence: [lineEvidence(o.raw.source)], key: 'skip-grant-tables' });
  },
});
