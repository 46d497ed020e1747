/** Modes of files that hold secrets or that others could change, and of account files. */
import { editableLine, editOf, modeFix, type Fix } from '../actions.ts';

/** Only the evidence that names a file as a whole (not a quoted line of it). */
const wholeFile = modeFix;

function byMessage(fixes: Record<string, Fix>, otherwise: string): Fix {
  return (finding, ctx) => fixes[finding.messageId ?? '']?.(finding, ctx) ?? { skip: otherwise };
}

/** Only for a root-owned file ("... root:group)" in the message): another owner can change the mode back. */
function rootOwned(fix: Fix): Fix {
  return (finding, ctx) => (/\) root:[^ )]*\)\.?$/.test(finding.message) ? fix(finding, ctx) : { skip: 'not owned by root: give it to root by hand (chown root:root), then fix the mode' });
}

/** Only for a file every user can read; a group that can read it needs another group, chosen by hand. */
function everyUser(fix: Fix): Fix {
  return (finding, ctx) => (/readable by every user/.test(finding.message) ? fix(finding, ctx) : { skip: 'a group that should not read it can: change its group by hand (chgrp shadow)' });
}

const CHOWN_BY_HAND = 'the owner is wrong: give the file to its user or root by hand';

/** A service account's shell, replaced by nologin in its /etc/passwd line. */
const nologinFix: Fix = (finding) => {
  if (finding.messageId !== 'loginShell') return { skip: 'the account has a password or SSH keys that may be in use: lock it by hand after checking who uses it' };
  const e = finding.evidence.find((x) => editableLine(x) && x.path === '/etc/passwd' && x.snippet.split(':').length === 7);
  if (!e || !editableLine(e)) return { skip: 'the passwd line is not quoted: run usermod -s /usr/sbin/nologin by hand' };
  return { actions: [editOf(e, (t) => t.replace(/:[^:]*$/, ':/usr/sbin/nologin'))], caution: 'su to this account no longer opens a shell; use sudo -u ACCOUNT COMMAND' };
};

/** An empty password field in /etc/shadow becomes a locked one ("!"). */
const lockFix: Fix = (finding) => {
  const e = finding.evidence.find((x) => editableLine(x) && x.path === '/etc/shadow' && /^[^:]+::/.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'the shadow line is not quoted: run passwd -l ACCOUNT by hand' };
  return { actions: [editOf(e, (t) => t.replace(/^([^:]+)::/, '$1:!:'))], caution: 'the account can no longer log in with a password' };
};

/** Setuid/setgid bits of files no package ships. */
const setuidFix: Fix = (finding, ctx) => wholeFile('u-s,g-s', { only: (e) => /not in any package/.test(e.note ?? '') })(finding, ctx);

export const FILE_FIXES: [string, Fix][] = [
  ['accounts-file-permissions', byMessage({ writable: rootOwned(wholeFile('go-w')), secretReadable: everyUser(wholeFile('o-rwx')) }, CHOWN_BY_HAND)],
  // visudo -c accepts sudoers files of mode 0440 only.
  ['accounts-sudoers-permissions', byMessage({ writable: rootOwned(wholeFile('0440')), worldReadable: wholeFile('0440'), dirWritable: rootOwned(wholeFile('go-w')) }, CHOWN_BY_HAND)],
  ['accounts-service-login', nologinFix],
  ['accounts-empty-password', lockFix],
  ['keys-private-permissions', byMessage({ readableByOthers: wholeFile('o-rwx') }, 'the key is readable by a shared group: change its group by hand')],
  ['keys-authorized-keys-permissions', byMessage({ writable: wholeFile('go-w') }, CHOWN_BY_HAND)],
  ['web-tls-key-permissions', wholeFile('o-rwx')],
  ['compose-env-file-permissions', wholeFile('o-rwx')],
  ['secrets-readable-config', wholeFile('o-rwx')],
  ['filesystem-world-writable-files', wholeFile('o-w')],
  ['filesystem-world-writable-dirs', wholeFile('o-w')],
  ['filesystem-group-writable-system', wholeFile('g-w')],
  ['filesystem-setuid-unpackaged', setuidFix],
  [
    'filesystem-executable-data',
    (f, ctx) => {
      const r = wholeFile('a-x', { only: (e) => e.note === 'executable file under a data directory' })(f, ctx);
      return 'actions' in r ? { ...r, caution: 'a script that must run from there loses its execute bit: leave such files out' } : r;
    },
  ],
];
