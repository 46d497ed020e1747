/** Log files, their rotation, and the audit rules: mode fixes, line edits and rules files. */
import { commentOut, editableLine, editOf, modeFix, type Fix, type FixAction, type ManagedFile } from '../actions.ts';

/** Watches and system-call rules garrison adds; augenrules loads rules.d files in version order. */
export const AUDIT_RULES: ManagedFile = { path: '/etc/audit/rules.d/60-garrison.rules', mode: '0640', reload: 'augenrules --load (takes effect at the next boot when the rules are locked)' };
/** The lock, in a file sorted after every other one. */
export const AUDIT_FINAL: ManagedFile = { path: '/etc/audit/rules.d/99-zz-garrison-finalize.rules', mode: '0640', reload: AUDIT_RULES.reload };
export const LOGROTATE_DROPIN: ManagedFile = { path: '/etc/logrotate.d/garrison', mode: '0644', reload: 'logrotate -d /etc/logrotate.conf (checks it; applies at the next rotation)' };

const RSYSLOG_RELOAD = 'systemctl restart rsyslog (new files get the new mode)';
const PERIOD_DAYS: Record<string, number> = { hourly: 1 / 24, daily: 1, weekly: 7, monthly: 30, yearly: 365 };

const logModeFix: Fix = (finding, ctx) => {
  if (finding.messageId === 'fileReadable') return modeFix('o-rwx')(finding, ctx);
  const mode = finding.messageId === 'createdReadable' ? /^\$FileCreateMode\s+0?[0-7]{3}$/i : /^create\s+0?[0-7]{3}\b/;
  const e = finding.evidence.find((x) => editableLine(x) && mode.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'the mode comes from a default or an action() parameter: set $FileCreateMode 0640 (or fileCreateMode="0640") by hand' };
  const change = (t: string) => t.replace(/\b0?([0-7])([0-7])[0-7]\b/, (_m, u: string, g: string) => `0${u}${Number(g) & 0o6}0`);
  return { actions: [editOf(e, change, finding.messageId === 'createdReadable' ? RSYSLOG_RELOAD : undefined)] };
};

/** "rotate 4 weekly" from the finding's message: the count to reach the required days. */
const retentionFix: Fix = (finding) => {
  const m = /\(rotate (-?\d+) (\w+)\), less than (\d+)\.$/.exec(finding.message);
  if (!m) return { skip: 'the retention is limited by maxage: raise or remove it by hand' };
  const days = PERIOD_DAYS[m[2]!];
  if (days === undefined) return { skip: 'logs rotated by size: set a count by hand' };
  const count = Math.ceil(Number(m[3]) / days);
  const e = finding.evidence.find((x) => editableLine(x) && /^rotate\s+\d+$/.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'no rotate line to raise: add one to the stanza by hand' };
  return { actions: [editOf(e, (t) => t.replace(/\d+/, (n) => String(Math.max(Number(n), count))))] };
};

/** A stanza for a log file nothing rotates, kept as long as the retention rules ask (5 weeks). */
const missingRotationFix: Fix = (finding) => {
  const m = /^(\/\S+) \(written by (rsyslog|syslog-ng)\)/.exec(finding.message);
  if (!m || m[1]!.includes('%')) return { skip: 'a file name made from a template: write a stanza with a glob by hand' };
  if (finding.evidence.some((e) => e.path === '/etc/logrotate.conf' && e.note?.startsWith('absent'))) return { skip: 'logrotate is not installed: apt install logrotate' };
  const postrotate = m[2] === 'rsyslog' ? '/usr/lib/rsyslog/rsyslog-rotate' : 'invoke-rc.d syslog-ng reload > /dev/null';
  const stanza = [`${m[1]} {`, '    weekly', '    rotate 5', '    missingok', '    notifempty', '    compress', '    delaycompress', '    create 0640 root adm', '    sharedscripts', '    postrotate', `        ${postrotate}`, '    endscript', '}'];
  return { actions: [{ kind: 'setting', file: LOGROTATE_DROPIN, line: stanza.join('\n') }] };
};

/** Audit rules go to rules.d only when augenrules builds the rules from there (or nothing does yet). */
function auditFix(file: ManagedFile, lines: (message: string) => string[]): Fix {
  return (finding) => {
    const where = finding.evidence[0]?.path ?? '';
    if (!where.startsWith('/etc/audit/rules.d')) return { skip: `the rules are loaded from ${where || 'elsewhere'}, not /etc/audit/rules.d: add them there by hand` };
    const actions: FixAction[] = lines(finding.message).map((line) => ({ kind: 'setting', file, line }));
    return actions.length > 0 ? { actions } : { skip: 'nothing to add' };
  };
}

/** The execve rule, and a `never` rule that would suppress it commented out. */
const execveFix: Fix = (finding, ctx) => {
  const arch = finding.message.includes('32-bit') ? 'b32' : 'b64';
  const never = finding.evidence.find((e) => editableLine(e) && e.note?.startsWith('this never rule') && e.path?.startsWith('/etc/audit/rules.d/'));
  const rule: Fix = auditFix(AUDIT_RULES, () => [`-a always,exit -F arch=${arch} -S execve -k execve_rule`]);
  if (!never) return rule(finding, ctx);
  if (!editableLine(never)) return { skip: 'remove the never rule by hand' };
  const r = rule({ ...finding, evidence: [{ path: never.path }] }, ctx);
  return 'actions' in r ? { actions: [editOf(never, commentOut, AUDIT_RULES.reload), ...r.actions], caution: 'every program execution is recorded again: expect more audit log volume' } : r;
};

export const LOGGING_FIXES: [string, Fix][] = [
  ['log-file-permissions', logModeFix],
  ['logrotate-retention', retentionFix],
  ['logrotate-missing', missingRotationFix],
  ['auditd-execve', execveFix],
  ['auditd-watch-etc', auditFix(AUDIT_RULES, () => ['-w /etc -p wa -k etc_write'])],
  ['auditd-watch-systemd-units', auditFix(AUDIT_RULES, (msg) => [msg.includes('/etc/systemd') ? '-w /etc/systemd/ -p wa -k systemd_units' : '-w /lib/systemd/ -p wa -k systemd_units'])],
  ['auditd-immutable', (f, ctx) => (f.messageId === 'notImmutable' ? auditFix(AUDIT_FINAL, () => ['-e 2'])(f, ctx) : { skip: 'rules follow the lock: move them before -e 2 by hand' })],
];
