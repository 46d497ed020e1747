import { defineRule } from '../../core/rule.ts';
import { describeMode, fileEvidence } from '../../core/evidence.ts';
import { walkScope } from './_path-sample-rule.ts';

export default defineRule({
  id: 'filesystem-setuid-unpackaged',
  family: 'filesystem',
  title: 'Every setuid and setgid program comes from a package',
  severity: 'high',
  rationale:
    "A setuid or setgid program runs with its owner's or group's rights whoever starts it. The ones Debian ships are known and updated with their packages; one that no package installed was put there by hand, by an installer script or by an intruder keeping a way back to root, and nobody patches it.",
  description:
    "Lists regular files with the setuid or setgid bit found by the file system walk and compares each path with dpkg's file lists (/var/lib/dpkg/info/*.list and diversions, merged-/usr aware). Fails for the files no package ships; the package-shipped ones are counted for information.",
  remediation:
    'For each listed file, find where it comes from; if it is not needed setuid, remove the bit (`chmod u-s,g-s FILE`) or the file. If a locally built program really needs it, record it with `dpkg-statoverride --add` so that the choice is explicit.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
  messages: {
    ok: 'All {{packaged}} setuid/setgid files among {{scope}} are shipped by packages.',
    unpackaged: 'Setuid/setgid files not shipped by any package: {{count}} (and {{packaged}} shipped by packages); the first {{shown}} are listed.{{more}}',
  },
  requires: ['filesystem', 'packages'],
  check({ filesystem, packages }, report, ctx) {
    if (!packages.dpkg) {
      report.skip('no dpkg database (/var/lib/dpkg/status): cannot tell package-shipped setuid files from others');
      return;
    }
    const foreign = filesystem.setuidSetgid.filter((f) => !packages.owns(f.path));
    const packaged = filesystem.setuidSetgid.length - foreign.length;
    const scope = walkScope(filesystem);
    if (foreign.length === 0) {
      report.pass('ok', { data: { packaged, scope } });
      return;
    }
    const shown = foreign.slice(0, ctx.options.maxPaths);
    const more = filesystem.setuidSetgidTruncated ? ' More setuid/setgid files exist than were examined.' : '';
    report.fail('unpackaged', {
      data: { count: foreign.length, packaged, shown: shown.length, more },
      key: 'summary',
      evidence: shown.map((f) => fileEvidence(f.path, `${f.mode & 0o4000 ? 'setuid' : 'setgid'}, not in any package: ${describeMode(f.mode, String(f.uid), String(f.gid))}`)),
    });
  },
});
