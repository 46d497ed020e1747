/**
 * Plaintext credentials in application configuration files that every local user can read.
 *
 * A bounded walk (depth, directory and file limits) of the places applications keep their
 * configuration (/etc, /opt, /srv, /usr/local/etc, /var/www) picks files by name (.env,
 * .ini, .cfg, .conf, .cnf, .yml/.yaml, .json, .toml, .properties, and systemd .service
 * files, whose Environment= any user can read), keeps those that others
 * can read (mode o+r, every directory above o+x), and looks for credentials in them:
 * `password = x` style assignments, `user:password` pairs in credential options, URLs with
 * a password (`postgres://u:p@h/db`), netrc-style `password` words, and password hashes.
 *
 * Compose files and the `.env` beside them are left to the container rules. Values never
 * leave this fact: each hit keeps the line with the value replaced by a redaction marker.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { redactValue } from '../core/redact.ts';
import { splitLines, type SourceLine } from '../parsers/types.ts';
import type { FileInfo } from '../target/target.ts';

export const SCAN_ROOTS = ['/etc', '/opt', '/srv', '/usr/local/etc', '/var/www'];
/** Subtrees that hold certificates, package data or caches rather than application settings. */
const SKIP_PATHS = new Set(['/etc/ssl', '/etc/alternatives', '/etc/ca-certificates', '/etc/fonts', '/etc/X11', '/etc/apparmor.d', '/etc/selinux', '/etc/udev', '/etc/dpkg', '/etc/pam.d', '/etc/ssh']);
const SKIP_DIR_NAMES = new Set(['node_modules', '.git', '.svn', '.hg', '__pycache__', 'site-packages', 'dist-packages', 'vendor', '.venv', 'venv', '.cache', 'locale', 'locales', 'i18n', 'man', 'doc', 'docs']);
/** Files of well-known meaning that are not application secrets. */
const SKIP_FILES = new Set(['/etc/nsswitch.conf', '/etc/debconf.conf', '/etc/pam.conf', '/etc/ld.so.conf', '/etc/adduser.conf', '/etc/deluser.conf']);
/** Compose files and the .env beside them belong to the container rules (compose-plaintext-secret, compose-env-file-permissions). */
const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;
const CONFIG_NAME = /(^\.env(\.[A-Za-z0-9_-]+)?$|\.(env|ini|cfg|conf|cnf|ya?ml|json|toml|properties|service)$)/i;
const SAMPLE_NAME = /\.(example|sample|dist|template|tmpl|tpl|default|skel)(\.[a-z]+)?$|(^|[._-])(example|sample)[._-]/i;

export const LIMITS = { depth: 6, dirs: 10_000, files: 2_000, bytes: 128 * 1024 };

export type SecretKind = 'password' | 'token' | 'credential-pair' | 'url' | 'hash';

export interface ExposedSecret {
  path: string;
  kind: SecretKind;
  /** The option name (or URL scheme) that holds the value. */
  key: string;
  /** The line, with the value replaced by a redaction marker. */
  source: SourceLine;
  mode: number;
  uid: number;
  gid: number;
}

export interface AppSecretsFacts {
  roots: string[];
  /** Configuration files others can read that were examined. */
  filesExamined: number;
  /** A walk limit was reached: some files were not examined. */
  truncated: boolean;
  secrets: ExposedSecret[];
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pw', 'pass', 'pword', 'passwort', 'motdepasse']);
const PASSWORD_SUFFIX = /(password|passwd|passphrase)$/;
const PASSWORD_KEYS = new Set(['bindpw', 'rootpw', 'requirepass', 'masterauth', 'dbpass', 'adminpass', 'userpass']);
const NOT_PASSWORD_PREFIX = new Set(['proxy', 'fastcgi', 'uwsgi', 'scgi', 'grpc', 'memcached', 'by']);
const TOKEN_WORDS = new Set(['secret', 'token', 'apikey', 'secretkey', 'accesskey', 'privatekey']);
const KEY_PREFIX = new Set(['api', 'secret', 'access', 'private', 'auth', 'signing', 'encryption', 'master', 'app', 'client', 'license']);
const PAIR_WORDS = new Set(['user', 'superuser', 'login', 'account', 'credentials', 'credential', 'auth', 'creds']);
/** Options whose value names a file or a command, never the secret itself. */
const REFERENCE_KEYS = new Set(['auth-user-pass', 'askpass', 'passwordfile', 'password_file', 'passfile', 'password_command', 'passwordeval', 'passphrase_command', 'password-file', 'secret_file', 'token_file', 'tls-auth']);
const NOT_SECRET_VALUE = /^(true|false|yes|no|on|off|none|null|nil|undefined|required|optional|prompt|ask|empty|disabled?|enabled?|auto|default|unset|changeit-placeholder|\*+|x+|-+|\.+|<[^>]*>|\[\]|\{\}|''|"")$/i;
const REFERENCE_VALUE = /^(\$|%\(|%[A-Z_]+%|\{\{|<|@\/|\/|~\/|\.\/|\.\.\/|file:|env:|vault:|ENC\[|secret:|exec:|cmd:|![A-Za-z_]+(\s|$))|\.(txt|pem|key|crt|cert|pass|passwd|secret|cred|creds|json|ya?ml|ini|conf|cfg|env|p12|pfx|jks|asc|gpg|kdbx)$/i;
const HASH_VALUE = /^(\$(1|2[abxy]?|5|6|7|y|gy|argon2(id|i|d)?|pbkdf2[-\w]*)\$\S+|\{(SSHA|SHA|SMD5|MD5|CRYPT|PBKDF2[-\w]*|ARGON2|SSHA256|SSHA512)\}\S+|md5[0-9a-f]{32}|SCRAM-SHA-256\$\S+)$/i;
const URL_CRED = /\b([a-z][a-z0-9+.-]*):\/\/([^:@/\s"'<>]*):([^@\s"'/<>]+)@/gi;

/** Splits an option name into lower-case words: "dbPassword" -> [db, password], "DB_PASS" -> [db, pass]. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase().replace(/\d+$/, ''))
    .filter(Boolean);
}

/** What kind of secret an option name announces, if any. */
export function classifyKey(key: string): 'password' | 'token' | 'pair' | null {
  const flat = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (REFERENCE_KEYS.has(key.toLowerCase())) return null;
  const words = keyWords(key);
  const last = words.at(-1);
  const prev = words.at(-2);
  if (!last) return null;
  if (PASSWORD_KEYS.has(flat)) return 'password';
  if (PASSWORD_WORDS.has(last) && !(last === 'pass' && prev !== undefined && NOT_PASSWORD_PREFIX.has(prev))) return 'password';
  if (PASSWORD_SUFFIX.test(last)) return 'password';
  if (TOKEN_WORDS.has(last) || (last === 'key' && prev !== undefined && KEY_PREFIX.has(prev))) return 'token';
  if (PAIR_WORDS.has(last)) return 'pair';
  return null;
}

/** Strips quotes, a trailing comma (JSON) and an inline comment from a raw value. */
export function cleanValue(raw: string): { value: string; quoted: boolean } {
  let v = raw.trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    return { value: end === -1 ? v.slice(1) : v.slice(1, end), quoted: true };
  }
  v = v.replace(/\s+[#;].*$/, '').replace(/,$/, '').trim();
  return { value: v, quoted: false };
}

/** True when a value is a real-looking secret rather than a placeholder, a reference or a switch. */
export function looksSecret(value: string, kind: 'password' | 'token'): boolean {
  if (value === '' || value.length > 1024) return false;
  if (NOT_SECRET_VALUE.test(value) || REFERENCE_VALUE.test(value)) return false;
  if (/^[[{|>]/.test(value)) return false; // structured YAML/JSON value or block scalar
  if (kind === 'token') {
    if (value.length < 8 || /^\d+$/.test(value) || /^[a-z_-]+$/.test(value)) return false;
  }
  return true;
}

const ASSIGN = /^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-[\] ]{0,80}?)["']?\s*(=|:)\s*(.*)$/;
const SPACED = /^\s*([A-Za-z_][A-Za-z0-9_-]{1,40})\s+(\S.*)$/;

/**
 * Finds credentials in the text of a configuration file. `groups` are the group names of
 * the host (so that "owner = www-data:adm" is not taken for a user:password pair).
 */
export function findSecrets(text: string, file: string, groups: ReadonlySet<string>): { kind: SecretKind; key: string; source: SourceLine }[] {
  const out: { kind: SecretKind; key: string; source: SourceLine }[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '' || /^(#|;|\/\/|--|\*|<!--)/.test(t)) return;
    /** Records a hit; `from` is where the value starts (or a position before it) in the line. */
    const hit = (kind: SecretKind, key: string, value: string, from: number) => {
      const at = raw.indexOf(value, Math.max(0, from));
      if (at === -1) {
        out.push({ kind, key, source: { file, line, text: `${key} <redacted>` } });
        return;
      }
      // Mask the value, and the same text anywhere else on the line (a comment repeating
      // it) except inside the option name, which is not secret.
      const keyAt = raw.indexOf(key);
      let text = '';
      let pos = 0;
      for (let i = raw.indexOf(value); i !== -1; i = raw.indexOf(value, i + value.length)) {
        if (i !== at && keyAt !== -1 && i < keyAt + key.length && i + value.length > keyAt) continue;
        text += raw.slice(pos, i) + redactValue(value);
        pos = i + value.length;
      }
      out.push({ kind, key, source: { file, line, text: text + raw.slice(pos) } });
    };

    for (const m of raw.matchAll(URL_CRED)) {
      const pw = m[3]!;
      if (!REFERENCE_VALUE.test(pw) && !NOT_SECRET_VALUE.test(pw) && !/^\$\{?|^%\(|^\{\{/.test(pw)) {
        hit('url', m[1]!.toLowerCase(), pw, m.index + m[1]!.length + 3 + m[2]!.length);
        return;
      }
    }

    // netrc / auth.conf style: "machine host login user password secret"
    const netrc = /^(?:machine|default)\b.*\bpassword\s+(\S+)/.exec(t);
    if (netrc) {
      if (looksSecret(netrc[1]!, 'password')) hit('password', 'password', netrc[1]!, raw.search(/\bpassword\s/) + 8);
      return;
    }

    let key: string | undefined;
    let rawValue: string | undefined;
    const a = ASSIGN.exec(raw);
    if (a) {
      key = a[1]!.trim();
      rawValue = a[3]!;
    } else {
      const s = SPACED.exec(raw);
      // "key value" lines only for option names that can mean nothing but a password.
      if (s && classifyKey(s[1]!) === 'password' && !/\s/.test(cleanValue(s[2]!).value)) {
        key = s[1]!;
        rawValue = s[2]!;
      }
    }
    if (key === undefined || rawValue === undefined) return;
    const valueStart = raw.length - rawValue.length;
    if (key === 'Environment') {
      // systemd's Environment="A=b" "C=d": every user can read it with `systemctl show`.
      for (const m of rawValue.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
        const pair = m[1] ?? m[2] ?? m[3] ?? '';
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const k = classifyKey(pair.slice(0, eq));
        const v = pair.slice(eq + 1);
        if ((k === 'password' || k === 'token') && looksSecret(v, k)) hit(k, pair.slice(0, eq), v, valueStart + m.index! + eq);
      }
      return;
    }
    const kind = classifyKey(key);
    if (!kind) return;
    const { value, quoted } = cleanValue(rawValue);
    // Words separated by blanks are prose (a prompt, a label), not a password: unquoted, any;
    // quoted, three or more plain words.
    if ((!quoted && /\s/.test(value)) || /^[A-Za-z]+( [A-Za-z]+){2,}$/.test(value)) return;
    if (HASH_VALUE.test(value)) {
      if (kind === 'password') hit('hash', key, value, valueStart);
      return;
    }
    if (kind === 'pair') {
      const m = /^([^\s:@/]+):([^\s:@/]+)$/.exec(value);
      if (!m) return;
      const [, user, secret] = m;
      if (secret === user || groups.has(secret!) || /^\d+$/.test(secret!) || secret!.length < 4 || !looksSecret(secret!, 'password')) return;
      hit('credential-pair', key, secret!, raw.indexOf(`:${secret}`, valueStart) + 1);
      return;
    }
    if (looksSecret(value, kind)) hit(kind, key, value, valueStart);
  });
  return out;
}

async function groupNames(ctx: FactContext): Promise<Set<string>> {
  const r = await ctx.target.readFile('/etc/group');
  const names = new Set<string>(['root', 'nogroup', 'users', 'adm', 'staff', 'wheel', 'daemon', 'nobody']);
  if (r.ok) for (const l of splitLines(r.text)) if (l.includes(':')) names.add(l.slice(0, l.indexOf(':')));
  return names;
}

interface Candidate {
  info: FileInfo;
}

async function collect(ctx: FactContext): Promise<AppSecretsFacts> {
  const { target } = ctx;
  const groups = await groupNames(ctx);
  const candidates: Candidate[] = [];
  let dirsSeen = 0;
  let truncated = false;

  // Breadth-first, one level at a time; only directories others can traverse matter.
  let level: { path: string; depth: number }[] = [];
  for (const root of SCAN_ROOTS) {
    const st = await target.stat(root);
    if (st.ok && st.info.type === 'dir' && st.info.mode & 0o001) level.push({ path: root, depth: 0 });
  }
  while (level.length > 0 && !truncated) {
    const next: { path: string; depth: number }[] = [];
    const listings = await Promise.all(level.map((d) => target.readDir(d.path)));
    const toStat: string[] = [];
    const subdirs: { path: string; depth: number }[] = [];
    listings.forEach((l, i) => {
      const d = level[i]!;
      if (!l.ok) return;
      const composeProject = l.entries.some((e) => COMPOSE_NAME.test(e.name));
      for (const e of l.entries) {
        if (COMPOSE_NAME.test(e.name) || (composeProject && e.name === '.env')) continue;
        const p = d.path === '/' ? `/${e.name}` : `${d.path}/${e.name}`;
        if (e.type === 'dir') {
          if (d.depth + 1 <= LIMITS.depth && !SKIP_PATHS.has(p) && !SKIP_DIR_NAMES.has(e.name)) subdirs.push({ path: p, depth: d.depth + 1 });
        } else if (e.type === 'file' && CONFIG_NAME.test(e.name) && !SAMPLE_NAME.test(e.name) && !SKIP_FILES.has(p)) toStat.push(p);
      }
    });
    const stats = await Promise.all([...subdirs.map((s) => s.path), ...toStat].map((p) => target.lstat(p)));
    subdirs.forEach((s, i) => {
      const st = stats[i]!;
      if (st.ok && st.info.type === 'dir' && st.info.mode & 0o001) next.push(s);
    });
    toStat.forEach((_, i) => {
      const st = stats[subdirs.length + i]!;
      if (st.ok && st.info.type === 'file' && st.info.mode & 0o004 && st.info.size <= LIMITS.bytes) candidates.push({ info: st.info });
    });
    dirsSeen += next.length;
    if (dirsSeen > LIMITS.dirs || candidates.length > LIMITS.files) truncated = true;
    level = next;
  }

  const secrets: ExposedSecret[] = [];
  const chosen = candidates.slice(0, LIMITS.files);
  let filesExamined = 0;
  const BATCH = 128;
  for (let i = 0; i < chosen.length; i += BATCH) {
    const batch = chosen.slice(i, i + BATCH);
    const reads = await target.readFiles(
      batch.map((c) => c.info.path),
      { maxBytes: LIMITS.bytes },
    );
    reads.forEach((r, j) => {
      if (!r.ok || r.invalidUtf8 || r.bytes.subarray(0, 8192).includes(0)) return;
      filesExamined++;
      const info = batch[j]!.info;
      for (const s of findSecrets(r.text, r.path, groups)) secrets.push({ path: r.path, ...s, mode: info.mode, uid: info.uid, gid: info.gid });
    });
  }
  return { roots: SCAN_ROOTS, filesExamined, truncated, secrets };
}

export default defineFact<'appsecrets', AppSecretsFacts>({
  name: 'appsecrets',
  description: 'Plaintext passwords, tokens, credential URLs and password hashes in application configuration files (/etc, /opt, /srv, /usr/local/etc, /var/www) that every local user can read.',
  collect,
});
