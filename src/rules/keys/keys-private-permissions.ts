import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { groupByGid, ownerName } from '../../facts/accounts.ts';
import { groupIsPrivate, modeNote } from '../accounts/_accounts.ts';
import { describeBlock } from './_keys.ts';

export default defineRule({
  id: 'keys-private-permissions',
  family: 'keys',
  title: 'Private keys are readable only by their owner',
  severity: 'high',
  rationale:
    'A private key that other users can read is a key they can copy: an SSH key lets them log in as its owner elsewhere, a TLS key lets them impersonate the server or decrypt recorded traffic, and a passphrase only slows an offline attack down. Debian\'s convention of TLS keys readable by the ssl-cert group (0640 root:ssl-cert, for services that need them), and RHEL\'s host keys readable by ssh_keys, are accepted.',
  description:
    'For each private key found (SSH, TLS and other PEM keys, PuTTY keys; see keys-ssh-passphrase for where they are looked for): reports keys readable or writable by others, and keys readable by a group with members other than the key\'s owner and root, unless the group is one of the groups meant for key access.',
  remediation: 'Restrict each reported key to its owner: `chmod 600 PATH` (and `chown OWNER: PATH` if the owner is wrong); for a TLS key a service must read, `chown root:ssl-cert PATH && chmod 640 PATH` and add the service\'s user to ssl-cert.',
  params: {
    keyGroups: { default: ['ssl-cert', 'ssh_keys'], description: 'Groups whose purpose is to let services read keys.' },
  },
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    readableByOthers: 'Private key {{path}} is {{access}} by every user ({{mode}}).',
    readableByGroup: 'Private key {{path}} is readable by group {{group}}, whose members are not only its owner {{owner}} ({{mode}}).',
  },
  requires: ['keys', 'accounts'],
  check({ keys, accounts }, report, ctx) {
    if (keys.privateKeys.length === 0) return report.skip('no private key found');
    const keyGroups = new Set(ctx.param<string[]>('keyGroups'));
    for (const f of keys.privateKeys) {
      const { mode: m, gid, uid } = f.info;
      const mode = modeNote(accounts, f.info);
      const evidence = [fileEvidence(f.path, `mode ${mode}; ${f.keys.map(describeBlock).join('; ')}`)];
      if (m & 0o006) {
        report.fail('readableByOthers', { data: { path: f.path, access: m & 0o002 ? 'writable' : 'readable', mode }, evidence, key: `others:${f.path}` });
        continue;
      }
      if ((m & 0o060) === 0 || groupIsPrivate(accounts, gid, uid)) continue;
      const group = groupByGid(accounts, gid)?.name;
      if (group !== undefined && keyGroups.has(group) && (m & 0o020) === 0) continue;
      report.fail('readableByGroup', { data: { path: f.path, group: group ?? `gid ${gid}`, owner: ownerName(accounts, uid), mode }, evidence, key: `group:${f.path}`, severity: 'medium' });
    }
  },
});
