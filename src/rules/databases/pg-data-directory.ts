import { defineRule } from '../../core/rule.ts';
import { describeMode, fileEvidence } from '../../core/evidence.ts';
import { NO_POSTGRES, clustersOf } from './_pg.ts';

export default defineRule({
  id: 'pg-data-directory',
  family: 'databases',
  title: 'The PostgreSQL data directory is private to the postgres account',
  severity: 'high',
  rationale:
    'The data directory holds every table, the password hashes of pg_authid and often the server key. Others must not read it; PostgreSQL itself refuses to start unless it is 0700 or 0750, so a looser mode also means a cluster that will not come back after a restart.',
  description:
    'The data directory (data_directory, or the directory of postgresql.conf on Red Hat layouts) must be owned by the postgres account and have mode 0700 or 0750.',
  remediation: 'chown -R postgres:postgres DATADIR && chmod 0700 DATADIR   (0750 allows group read for backups)',
  references: [
    { guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' },
  ],
  messages: {
    badMode: 'The data directory {{path}} has mode {{mode}} (expected 0700 or 0750).',
    badOwner: 'The data directory {{path}} is owned by uid {{uid}}, not by postgres (uid {{expected}}).',
  },
  requires: ['postgresql'],
  check({ postgresql }, report) {
    const clusters = clustersOf(postgresql);
    if (clusters.length === 0) return report.skip(NO_POSTGRES);
    let checked = 0;
    for (const c of clusters) {
      const info = c.dataDirectoryInfo;
      if (!c.dataDirectory || !info) continue;
      checked++;
      const mode = info.mode & 0o7777;
      if (mode !== 0o700 && mode !== 0o750) {
        report.fail('badMode', { data: { path: c.dataDirectory, mode: describeMode(mode) }, evidence: [fileEvidence(c.dataDirectory, describeMode(mode))], key: `${c.dataDirectory}:mode` });
      }
      if (c.postgresUid !== null && info.uid !== c.postgresUid) {
        report.fail('badOwner', {
          data: { path: c.dataDirectory, uid: info.uid, expected: c.postgresUid },
          evidence: [fileEvidence(c.dataDirectory, `owner uid ${info.uid}`)],
          key: `${c.dataDirectory}:owner`,
        });
      }
    }
    if (checked === 0) report.skip('not applicable: no data directory found in the target');
  },
});
