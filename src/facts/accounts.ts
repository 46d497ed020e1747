/**
 * Local accounts and groups as the host's programs see them: /etc/passwd joined with
 * /etc/shadow (the password as pam_unix reads it), /etc/group with /etc/gshadow and with
 * primary-group membership from passwd, the uid ranges of /etc/login.defs, and
 * /etc/shells. No password field is ever kept, only its classification.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { idRanges, parseLoginDefs, type IdRanges } from '../parsers/login-defs/login-defs.ts';
import { parseGroup, type GroupEntry } from '../parsers/group/group.ts';
import { parseGshadow } from '../parsers/gshadow/gshadow.ts';
import { parsePasswd } from '../parsers/passwd/passwd.ts';
import { parseShadow, type ShadowEntry } from '../parsers/shadow/shadow.ts';
import type { PasswordField } from '../parsers/shadow/password-field.ts';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import type { FileInfo, ReadResult } from '../target/target.ts';

export const PASSWD = '/etc/passwd';
export const SHADOW = '/etc/shadow';
export const GROUP = '/etc/group';
export const GSHADOW = '/etc/gshadow';
export const LOGIN_DEFS = '/etc/login.defs';
export const SHELLS = '/etc/shells';

/** Files whose content is public by design (mode 0644) and files that hold password hashes. */
export const ACCOUNT_FILES: readonly { path: string; secret: boolean }[] = [
  { path: PASSWD, secret: false },
  { path: `${PASSWD}-`, secret: false },
  { path: GROUP, secret: false },
  { path: `${GROUP}-`, secret: false },
  { path: SHADOW, secret: true },
  { path: `${SHADOW}-`, secret: true },
  { path: GSHADOW, secret: true },
  { path: `${GSHADOW}-`, secret: true },
  { path: '/etc/security/opasswd', secret: true },
];

/**
 * What the login shell allows: `shell` (a shell from /etc/shells or a well-known one),
 * `other` (some other program, run at every login), `command` (a single fixed action:
 * sync, shutdown, halt, git-shell, scponly, rssh), `nologin` (nologin, false, true, /dev/null).
 */
export type ShellKind = 'shell' | 'other' | 'command' | 'nologin';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  /** As written in passwd ('' means /bin/sh). */
  shell: string;
  shellKind: ShellKind;
  /** The shell gives an interactive session or runs an arbitrary program (`shell` or `other`). */
  loginShell: boolean;
  /** The password pam_unix checks: passwd's field, or shadow's when passwd says `x`. */
  password: PasswordField;
  /** The line the password comes from (shadow, or passwd), field redacted. */
  passwordSource: SourceLine;
  /** The shadow expiry date has passed: nobody can log in to it. */
  expired: boolean;
  /** A service or system account: uid outside [UID_MIN, UID_MAX] (root excepted), or no home. */
  system: boolean;
  /** Primary group name, if the gid names one. */
  primaryGroup: string | null;
  /** Names of every group the account belongs to, primary first. */
  groups: string[];
  /** The passwd line. */
  source: SourceLine;
}

export interface AccountGroup {
  name: string;
  gid: number;
  /** Members listed in /etc/group. */
  members: string[];
  /** Accounts whose primary gid is this group's. */
  primaryMembers: string[];
  /** Group administrators from /etc/gshadow. */
  administrators: string[];
  source: SourceLine;
}

export interface AccountFileState {
  path: string;
  /** True for files that hold password hashes (shadow, gshadow, their backups, opasswd). */
  secret: boolean;
  /** null when the file does not exist. */
  info: FileInfo | null;
}

export interface AccountsFacts {
  /** False when /etc/passwd does not exist (not a full system tree). */
  present: boolean;
  /** True when /etc/shadow exists. */
  shadowPresent: boolean;
  /** Every passwd entry in file order, duplicates included. */
  users: Account[];
  /** Every group entry in file order, duplicates included. */
  groups: AccountGroup[];
  /** login.defs uid/gid ranges (shadow-utils defaults where unset). */
  ranges: IdRanges;
  /** The home directory login.defs names for accounts without one (NONEXISTENT). */
  nonexistentHome: string;
  /** Shells listed in /etc/shells, or null when the file does not exist. */
  shells: string[] | null;
  /** Ownership and mode of the account files. */
  files: AccountFileState[];
}

const NOLOGIN = new Set(['nologin', 'false', 'true']);
const COMMAND = new Set(['sync', 'shutdown', 'halt', 'git-shell', 'scponly', 'scponlyc', 'rssh']);
const KNOWN_SHELLS = new Set(['sh', 'bash', 'rbash', 'dash', 'ash', 'zsh', 'ksh', 'ksh93', 'mksh', 'pdksh', 'csh', 'tcsh', 'fish', 'busybox', 'tmux', 'screen', 'pwsh', 'xonsh', 'nu', 'elvish', 'yash']);

/** Classifies a login shell (login(1) and sshd run /bin/sh for an empty field). */
export function classifyShell(shell: string, shells: readonly string[] | null): ShellKind {
  const path = shell.trim() === '' ? '/bin/sh' : shell.trim();
  if (path === '/dev/null') return 'nologin';
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (NOLOGIN.has(base)) return 'nologin';
  if (COMMAND.has(base)) return 'command';
  if (KNOWN_SHELLS.has(base) || (shells ?? []).includes(path)) return 'shell';
  return 'other';
}

/** Items grouped by a key, in their original order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The first account with this name, as getpwnam(3) would return it. */
export function findUser(facts: AccountsFacts, name: string): Account | undefined {
  return facts.users.find((u) => u.name === name);
}

/** The first group with this name, as getgrnam(3) would return it. */
export function findGroup(facts: AccountsFacts, name: string): AccountGroup | undefined {
  return facts.groups.find((g) => g.name === name);
}

/** The first group with this gid, as getgrgid(3) would return it. */
export function groupByGid(facts: AccountsFacts, gid: number): AccountGroup | undefined {
  return facts.groups.find((g) => g.gid === gid);
}

/** The first account with this uid, as getpwuid(3) would return it. */
export function userByUid(facts: AccountsFacts, uid: number): Account | undefined {
  return facts.users.find((u) => u.uid === uid);
}

/** Every member of a group: listed members and accounts whose primary group it is. */
export function groupMembers(group: AccountGroup): string[] {
  return [...new Set([...group.primaryMembers, ...group.members])];
}

/** A password that can be typed to log in (a usable hash or no password at all). */
export function passwordUsable(p: PasswordField): boolean {
  return p.state === 'hash' || p.state === 'empty';
}

/** "name" or "uid 1234" for messages about a file owner. */
export function ownerName(facts: AccountsFacts, uid: number): string {
  return userByUid(facts, uid)?.name ?? `uid ${uid}`;
}

/** "name" or "gid 1234" for messages about a file group. */
export function groupName(facts: AccountsFacts, gid: number): string {
  return groupByGid(facts, gid)?.name ?? `gid ${gid}`;
}

/** Days since 1970-01-01, the unit of shadow's dates. */
function today(): number {
  return Math.floor(Date.now() / 86_400_000);
}

function textOf(ctx: FactContext, r: ReadResult): string | null {
  if (r.ok) {
    if (r.truncated) ctx.diagnostic({ path: r.path, message: 'file is larger than the read limit: only its beginning was read' });
    return r.text;
  }
  if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
  return null;
}

async function collect(ctx: FactContext): Promise<AccountsFacts> {
  const { target } = ctx;
  const read = [PASSWD, SHADOW, GROUP, GSHADOW, LOGIN_DEFS, SHELLS];
  const [passwdR, shadowR, groupR, gshadowR, defsR, shellsR] = await target.readFiles(read);
  const parse = <T>(r: ReadResult, parser: (text: string, file: string) => { model: T; errors: ParseError[] }): T | null => {
    const text = textOf(ctx, r);
    if (text === null) return null;
    const res = parser(text, r.path);
    ctx.parseErrors(res.errors);
    return res.model;
  };
  const passwd = parse(passwdR!, parsePasswd);
  const shadow = parse(shadowR!, parseShadow);
  const group = parse(groupR!, parseGroup);
  const gshadow = parse(gshadowR!, parseGshadow);
  const defs = parse(defsR!, parseLoginDefs);
  const shellsText = textOf(ctx, shellsR!);
  const shells = shellsText === null ? null : shellsText.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('/'));

  const ranges = idRanges(defs);
  const nonexistentHome = defs?.settings.NONEXISTENT?.value || '/nonexistent';
  const noHome = new Set(['', '/dev/null', '/nonexistent', nonexistentHome]);

  const passwdEntries = passwd?.entries ?? [];
  const groupEntries = group?.entries ?? [];
  // Indexes, first occurrence winning as in the C library's lookups.
  const shadowByName = new Map<string, ShadowEntry>();
  for (const s of shadow?.entries ?? []) if (!shadowByName.has(s.name)) shadowByName.set(s.name, s);
  const adminsByGroup = new Map<string, string[]>();
  for (const s of gshadow?.entries ?? []) if (!adminsByGroup.has(s.name)) adminsByGroup.set(s.name, s.administrators);
  const groupByGidIndex = new Map<number, GroupEntry>();
  for (const g of groupEntries) if (!groupByGidIndex.has(g.gid)) groupByGidIndex.set(g.gid, g);
  const listedIn = groupBy(
    groupEntries.flatMap((g) => g.members.map((m) => ({ m, g: g.name }))),
    (x) => x.m,
  );
  const primaryOf = groupBy(passwdEntries, (u) => u.gid);

  const groups: AccountGroup[] = groupEntries.map((g) => ({
    name: g.name,
    gid: g.gid,
    members: g.members,
    primaryMembers: (primaryOf.get(g.gid) ?? []).map((u) => u.name),
    administrators: adminsByGroup.get(g.name) ?? [],
    source: g.source,
  }));

  const day = today();
  const users: Account[] = passwdEntries.map((p) => {
    const sh = p.password.state === 'shadowed' ? shadowByName.get(p.name) : undefined;
    const password: PasswordField = p.password.state === 'shadowed' ? (sh?.password ?? { state: 'disabled' }) : p.password;
    const shellKind = classifyShell(p.shell, shells);
    const primary = groupByGidIndex.get(p.gid);
    return {
      name: p.name,
      uid: p.uid,
      gid: p.gid,
      gecos: p.gecos,
      home: p.home,
      shell: p.shell,
      shellKind,
      loginShell: shellKind === 'shell' || shellKind === 'other',
      password,
      passwordSource: sh?.source ?? p.source,
      expired: sh !== undefined && sh.expireDay !== null && sh.expireDay > 0 && day >= sh.expireDay,
      system: (p.uid !== 0 && (p.uid < ranges.uidMin || p.uid > ranges.uidMax)) || noHome.has(p.home.replace(/(.)\/+$/, '$1')),
      primaryGroup: primary?.name ?? null,
      groups: [...new Set([...(primary ? [primary.name] : []), ...(listedIn.get(p.name) ?? []).map((x) => x.g)])],
      source: p.source,
    };
  });

  const stats = await Promise.all(ACCOUNT_FILES.map((f) => target.stat(f.path)));
  const files: AccountFileState[] = ACCOUNT_FILES.map((f, i) => {
    const st = stats[i]!;
    // Files read above already had their problem reported.
    if (!st.ok && st.error.code !== 'ENOENT' && !read.includes(f.path)) ctx.diagnostic({ path: f.path, message: `cannot stat: ${st.error.message}` });
    return { path: f.path, secret: f.secret, info: st.ok ? st.info : null };
  });

  return { present: passwd !== null, shadowPresent: shadow !== null, users, groups, ranges, nonexistentHome, shells, files };
}

export default defineFact<'accounts', AccountsFacts>({
  name: 'accounts',
  description: 'Local users and groups from passwd, shadow, group and gshadow, with login.defs ranges and /etc/shells.',
  collect,
});
