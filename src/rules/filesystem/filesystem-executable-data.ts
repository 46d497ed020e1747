import { pathSampleRule } from './_path-sample-rule.ts';
import { DEFAULT_DATA_DIRS } from '../../facts/filesystem.ts';

export default pathSampleRule({
  id: 'filesystem-executable-data',
  title: 'Files under data directories are not executable',
  severity: 'low',
  rationale:
    'Data directories (web roots, service volumes, shares) hold documents, uploads and databases, not programs. Execute bits there come from copying with the wrong umask or from a careless chmod -R, and they make an uploaded or planted file directly runnable; an unexplained binary in such a place is also a sign of intrusion.',
  description:
    'Counts regular files with any execute bit under the data directories (parameter dataDirs; a component may be a glob such as /opt/*/data).',
  remediation:
    'Remove the execute bits from data files, e.g. `find /srv -type f -perm /111 -exec chmod a-x {} +`, keeping them only on the scripts that must run; set a umask (e.g. 027) in the service that writes there.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Semaine 9' },
    { guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' },
  ],
  params: {
    dataDirs: { default: DEFAULT_DATA_DIRS, description: 'Directories that hold data only (globs allowed in a component).' },
  },
  pick: (fs) => fs.executableData,
  what: 'executable file under a data directory',
  plural: 'executable files under data directories',
  extra: (fs) => `Data directories: ${fs.dataDirs.join(', ')}.`,
});
