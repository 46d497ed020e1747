import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { aptBool } from '../../parsers/apt-conf/apt-conf.ts';

/** Options that switch off APT's authentication of repositories or packages. */
const INSECURE_OPTIONS = [
  'APT::Get::AllowUnauthenticated',
  'Acquire::AllowInsecureRepositories',
  'Acquire::AllowDowngradeToInsecureRepositories',
  'Acquire::AllowWeakRepositories',
] as const;

export default defineRule({
  id: 'updates-apt-unauthenticated',
  family: 'updates',
  title: 'APT is not configured to accept unauthenticated packages',
  severity: 'high',
  rationale:
    'These options turn off, for every repository at once, the signature checks that make APT safe over any network: with them, unsigned repositories and unauthenticated packages are installed by routine upgrades, so whoever can alter the download can run code as root.',
  description:
    'Merges /etc/apt/apt.conf.d/* and /etc/apt/apt.conf the way apt does (nested scopes, `::` paths, #clear, #include, later files win) and reports APT::Get::AllowUnauthenticated, Acquire::AllowInsecureRepositories, Acquire::AllowDowngradeToInsecureRepositories or Acquire::AllowWeakRepositories set to true.',
  remediation:
    'Delete the line (or set it to "false") in the file named by the finding, e.g. `APT::Get::AllowUnauthenticated "false";`, and fix the repository that needed it by installing its signing key with `signed-by=`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Only install from reputable sources' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Only install from reputable sources' },
  ],
  messages: {
    optionEnabled: '{{option}} is "{{value}}": APT accepts repositories or packages without a valid signature.',
  },
  requires: ['apt'],
  check({ apt }, report) {
    if (!apt.present) return report.skip('not an APT-based system (no /etc/apt)');
    for (const option of INSECURE_OPTIONS) {
      const v = apt.config.get(option);
      if (v && aptBool(v.value, false)) report.fail('optionEnabled', { data: { option, value: v.value }, evidence: [lineEvidence(v.source)], key: option });
    }
  },
});
