import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { activeSources } from './_apt.ts';

/** Suites that carry security fixes: "bookworm-security", "noble-security", Debian 10's "buster/updates". */
const SECURITY_SUITE = /(-security|\/updates)$/;

export default defineRule({
  id: 'updates-security-repository',
  family: 'updates',
  title: 'The security update repository is configured',
  severity: 'high',
  rationale:
    "Debian and Ubuntu publish security fixes in a separate suite (bookworm-security, noble-security). A stable release whose sources lack it never receives those fixes, however often updates run: the host stays vulnerable while looking up to date.",
  description:
    'On Debian stable releases and Ubuntu (os-release ID debian or ubuntu with a VERSION_ID), checks that an enabled `deb` entry uses a security suite (`<codename>-security`, or `<codename>/updates` before Debian 11).',
  remediation:
    'Add the security suite, e.g. on Debian 12: `deb http://security.debian.org/debian-security bookworm-security main non-free-firmware` in /etc/apt/sources.list (on Ubuntu 24.04: `Suites: noble-security` with `URIs: http://security.ubuntu.com/ubuntu/` in ubuntu.sources), then `apt update`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Automatic software updates' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Updates' },
  ],
  messages: {
    noSecuritySuite: 'No enabled APT source uses a security suite: security fixes for {{os}} are never installed.',
  },
  requires: ['apt'],
  check({ apt }, report, ctx) {
    const os = ctx.info.os;
    if (!apt.present) return report.skip('not an APT-based system (no /etc/apt)');
    if (!os || (os.id !== 'debian' && os.id !== 'ubuntu')) return report.skip('not Debian or Ubuntu');
    if (os.versionId === '') return report.skip('Debian testing or unstable: no separate security suite to require');
    const binary = activeSources(apt.sources).filter((s) => s.types.includes('deb'));
    if (binary.some((s) => s.suites.some((suite) => SECURITY_SUITE.test(suite)))) return;
    const files = apt.sourceFiles.length > 0 ? apt.sourceFiles : ['/etc/apt/sources.list'];
    report.fail('noSecuritySuite', {
      data: { os: `${os.id} ${os.versionId}` },
      evidence: files.map((f) => fileEvidence(f, 'no enabled entry with a -security suite')),
      key: 'security-suite',
    });
  },
});
