import { defineRule } from '../../core/rule.ts';
import { grantsAccess, keyEvidence } from '../keys/_keys.ts';

export default defineRule({
  id: 'accounts-root-authorized-keys',
  family: 'accounts',
  title: 'Nobody logs in as root with an SSH key',
  severity: 'medium',
  rationale:
    'A key in root\'s authorized_keys lets whoever holds it in as root directly, with no trace of which person it was and nothing between a stolen laptop and full control. The guidelines expect root to have SSH disabled and administrators to log in with their own keys and use sudo. Keys whose forced command only prints a message and disconnects (what cloud-init writes to steer users to the default account) open no session and are accepted.',
  description: 'Reads authorized_keys and authorized_keys2 in root\'s ~/.ssh and reports the keys that open a session.',
  remediation:
    'Move each key to the personal account of its owner (`/home/NAME/.ssh/authorized_keys`, with sudo rights if needed) and empty `/root/.ssh/authorized_keys`; also set `PermitRootLogin no` in sshd_config.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    rootKeys: '{{path}} lets {{count}} key(s) log in as root.',
  },
  requires: ['keys'],
  check({ keys }, report, ctx) {
    const files = keys.authorizedKeys.filter((f) => f.users.includes('root') || f.path.startsWith('/root/'));
    for (const f of files) {
      const open = f.keys.filter(grantsAccess);
      if (open.length === 0) continue;
      report.fail('rootKeys', {
        data: { path: f.path, count: open.length },
        evidence: open.slice(0, ctx.options.maxPaths).map(keyEvidence),
        key: f.path,
      });
    }
  },
});
