/** PostgreSQL, MySQL/MariaDB and Redis: edits of the lines the findings quote. */
import type { Finding } from '../../core/report-schema.ts';
import { commentOut, editableLine, editFirst, editOf, modeFix, type Fix } from '../actions.ts';

const PG_RELOAD = 'systemctl reload postgresql';
const PG_RESTART = 'systemctl restart postgresql';
const MYSQL_RESTART = 'systemctl restart mariadb (or mysql)';
const REDIS_RESTART = 'systemctl restart redis-server';
const SCRAM_CAUTION =
  'clients must now authenticate: network clients with a password stored as SCRAM (set password_encryption = scram-sha-256, then ALTER ROLE ... PASSWORD), local ones as the operating-system user of the same name (peer)';
const LOOPBACK_CAUTION = 'remote clients lose access; if some need it, bind to the private address they use instead of the loopback one';

/** A pg_hba record with its authentication method replaced (`trust`/`md5`/`password`), blanks and options kept. */
export function pgHbaWithMethod(text: string, method: (type: string, current: string) => string): string {
  const parts = text.split(/(\s+)/);
  const fields = parts.filter((_p, i) => i % 2 === 0);
  const type = fields[0] ?? '';
  // local DATABASE USER METHOD; host* DATABASE USER ADDRESS [MASK] METHOD
  let idx = type === 'local' ? 3 : 4;
  if (type !== 'local' && /^\d+\.\d+\.\d+\.\d+$/.test(fields[3] ?? '') && /^\d+\.\d+\.\d+\.\d+$/.test(fields[4] ?? '')) idx = 5;
  const at = idx * 2;
  if (parts[at] === undefined) return text;
  parts[at] = method(type, parts[at]!);
  return parts.join('');
}

/** pg_hba records this fix can rewrite: no quoted names, no include directives. */
const HBA_RECORD = /^(local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)\s+[^"]*$/;

const hbaMethodFix: Fix = (finding) => {
  const e = finding.evidence.find((x) => editableLine(x) && HBA_RECORD.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'the record uses quoted names or is not quoted in full: change its method by hand' };
  const change = (t: string) => pgHbaWithMethod(t, (type, m) => (/^(trust|md5|password)$/.test(m) ? (type === 'local' && m === 'trust' ? 'peer' : 'scram-sha-256') : m));
  return { actions: [editOf(e, change, PG_RELOAD)], caution: SCRAM_CAUTION };
};

/** `key = value` with the value replaced, the rest of the line (a comment) kept. */
function setValue(value: string): (text: string) => string {
  return (t) => t.replace(/^(\S+?\s*=\s*)('[^']*'|"[^"]*"|[^\s#]+)/, `$1${value}`);
}

/** ssl = on, only where the certificate and key the server will load are present. */
const sslFix: Fix = (finding) => {
  const missing = finding.evidence.find((e) => /^ssl_(cert|key)_file: missing$/.test(e.note ?? ''));
  if (missing) return { skip: `${missing.path} does not exist: install a certificate and key first (Debian: make-ssl-cert generate-default-snakeoil)` };
  if (!finding.evidence.some((e) => e.note === 'ssl_cert_file: present')) return { skip: 'the certificate the server would load is not known: enable ssl by hand' };
  return editFirst(/^ssl\s*=\s*(off|false|no|0)\b/i, setValue('on'), { reload: PG_RELOAD, why: 'ssl is off by default: add ssl = on to postgresql.conf by hand' })(finding, { findings: [] });
};

/** The pg-ssl finding of the cluster whose pg_hba.conf holds `path`, if ssl is off there. */
function sslOffFor(path: string, findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => f.ruleId === 'pg-ssl' && f.evidence.some((e) => e.path === path));
}

/** `host` becomes `hostssl`, where the server has (or the same fix turns on) SSL. */
const hostsslFix: Fix = (finding, ctx) => {
  const e = finding.evidence.find((x) => editableLine(x) && /^host\s+[^"]*$/.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'the record uses quoted names or is not quoted in full: change it by hand' };
  const off = sslOffFor(e.path, ctx.findings);
  if (off && 'skip' in sslFix(off, ctx)) return { skip: 'ssl is off and cannot be turned on mechanically: enable it first' };
  return { actions: [editOf(e, (t) => t.replace(/^host(\s)/, 'hostssl$1'), PG_RELOAD)], caution: 'network clients (standbys too) must connect with SSL (sslmode=require or stricter)' };
};

export const DATABASE_FIXES: [string, Fix][] = [
  ['pg-hba-trust', hbaMethodFix],
  ['pg-hba-md5', hbaMethodFix],
  ['pg-hba-hostssl', hostsslFix],
  ['pg-ssl', sslFix],
  ['pg-password-encryption', editFirst(/^password_encryption\s*=/, setValue("'scram-sha-256'"), { reload: PG_RELOAD, caution: 'existing md5 passwords keep working with the md5 method only until they are set again' })],
  ['pg-listen-addresses', editFirst(/^listen_addresses\s*=/, setValue("'localhost'"), { reload: PG_RESTART, caution: LOOPBACK_CAUTION })],
  ['pg-data-directory', (f, ctx) => (f.messageId === 'badMode' ? modeFix('0700')(f, ctx) : { skip: 'give the directory to postgres by hand (chown -R postgres:postgres)' })],
  ['mysql-bind-address', editFirst(/^bind[-_]address\s*=/, setValue('127.0.0.1'), { reload: MYSQL_RESTART, caution: LOOPBACK_CAUTION })],
  ['mysql-local-infile', editFirst(/^local[-_]infile\s*=\s*(1|on|true)\b/i, setValue('0'), { reload: MYSQL_RESTART })],
  ['mysql-skip-grant-tables', editFirst(/^(loose[-_])?skip[-_]grant[-_]tables\b/, commentOut, { reload: MYSQL_RESTART, caution: 'the server checks passwords again: make sure the administrators know theirs' })],
  ['redis-bind', editFirst(/^bind\s/, () => 'bind 127.0.0.1 -::1', { reload: REDIS_RESTART, caution: LOOPBACK_CAUTION })],
  ['redis-protected-mode', editFirst(/^protected-mode\s+no\b/, () => 'protected-mode yes', { reload: REDIS_RESTART, caution: 'without a password, Redis then refuses clients that are not on the loopback interface' })],
  [
    'redis-dangerous-commands',
    (finding) => {
      const m = /lets clients run ([A-Z, ]+)\.$/.exec(finding.message);
      const file = finding.evidence[0]?.path;
      if (!m || !file?.startsWith('/')) return { skip: 'rename the commands by hand' };
      const commands = m[1]!.split(',').map((c) => c.trim()).filter((c) => /^[A-Z]+$/.test(c));
      return {
        actions: commands.map((c) => ({ kind: 'append', path: file, text: `rename-command ${c} ""`, reload: REDIS_RESTART })),
        caution: `applications that use ${commands.join(', ')} stop working; with ACLs, deny them to the application user instead`,
      };
    },
  ],
];
