import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { isOn } from '../../facts/mysql.ts';

export default defineRule({
  id: 'mysql-local-infile',
  family: 'databases',
  title: 'MySQL/MariaDB refuses LOAD DATA LOCAL INFILE',
  severity: 'medium',
  rationale:
    'With local_infile on, any SQL injection or compromised application account can make the server pull files from the client host into tables, and a rogue server can read files from clients that allow it.',
  description:
    'The effective local_infile (local-infile, skip-/disable-/enable- forms) in the server groups must be off. MariaDB enables it by default, MySQL 8 disables it; an implicit MariaDB default is reported with low severity.',
  remediation: 'In the [mysqld] section (e.g. /etc/mysql/mariadb.conf.d/50-server.cnf):\n  local_infile = 0\nThen `systemctl restart mariadb` (or mysql).',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Database' }],
  messages: {
    enabled: 'LOAD DATA LOCAL INFILE is enabled ({{why}}).',
  },
  requires: ['mysql'],
  check({ mysql }, report) {
    if (!mysql.installed) return report.skip('not applicable: no MySQL/MariaDB server configuration found');
    const o = mysql.options.get('local_infile');
    if (o) {
      if (isOn(o.value)) report.fail('enabled', { data: { why: 'set explicitly' }, evidence: [lineEvidence(o.raw.source)], key: 'local-infile' });
      return;
    }
    if (mysql.flavor === 'mariadb') {
      report.fail('enabled', {
        data: { why: 'MariaDB default, local_infile not set' },
        evidence: [fileEvidence(mysql.files[0] ?? '/etc/mysql/my.cnf', 'local_infile not set in any server group')],
        key: 'local-infile',
        severity: 'low',
      });
    }
  },
});
