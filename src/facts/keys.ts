/**
 * Keys on disk. Private keys are recognised by content (never kept: only their format,
 * algorithm and whether a passphrase protects them) in:
 * - the ~/.ssh directory of every account's home and of /root;
 * - the places keys live by convention: /etc/ssh (host keys), /etc/ssl/private, /etc/pki,
 *   /etc/letsencrypt;
 * - a bounded search by name (id_*, ssh_host_*_key, *.key, *.pem, *.ppk) under /etc, /opt,
 *   /srv, /home and /root, in depth and in number of directories, skipping dependency and
 *   cache trees.
 * And every ~/.ssh/authorized_keys and authorized_keys2, with its mode and owner and those
 * of the ~/.ssh directory. Symbolic links are never followed by the searches.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { groupBy } from './accounts.ts';
import { parseAuthorizedKeys, type AuthorizedKey } from '../parsers/authorized-keys/authorized-keys.ts';
import { parsePrivateKeys, type PrivateKeyBlock } from '../parsers/private-key/private-key.ts';
import type { DirEntry, FileInfo } from '../target/target.ts';

/** Reading more of a file does not help recognising a key. */
const KEY_READ_LIMIT = 64 * 1024;
const AUTHORIZED_KEYS_READ_LIMIT = 1024 * 1024;
const SEARCH_ROOTS = ['/etc', '/opt', '/srv', '/home', '/root'];
const SEARCH_DEPTH = 6;
const SEARCH_MAX_DIRS = 20_000;
const MAX_CANDIDATES = 2_000;
const CONCURRENCY = 64;
/** Places where keys live by convention: every file in them is examined, to this depth. */
const KEY_DIRS: readonly { path: string; depth: number }[] = [
  { path: '/etc/ssh', depth: 1 },
  { path: '/etc/ssl/private', depth: 2 },
  { path: '/etc/pki', depth: 4 },
  { path: '/etc/letsencrypt', depth: 4 },
];
/** Trees full of third-party files (test keys included) that a name search skips. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', '.npm', '.cargo', '.rustup', '.m2', '.gradle', '__pycache__', 'site-packages', '.venv', 'venv', '.local']);
const CANDIDATE_NAME = /^(id_[^.]+|ssh_host_.+_key|.+\.(key|pem|ppk))$/i;
const NOT_KEYS_IN_SSH_DIR = /^(authorized_keys2?|known_hosts.*|config|environment|rc|.*\.pub)$/;

export type KeyPurpose = 'ssh-host' | 'ssh-user' | 'tls';

export interface FoundPrivateKey {
  path: string;
  info: FileInfo;
  /** The private keys in the file (a bundle may hold more than one). */
  keys: PrivateKeyBlock[];
  /** ssh-host: an sshd host key in /etc/ssh; ssh-user: a client key; tls: any other key (servers, certificates). */
  purpose: KeyPurpose;
  /** Accounts whose home the file is in (its ~/.ssh), if any. */
  homeOf: string[];
}

export interface AuthorizedKeysFile {
  path: string;
  /** The file as sshd opens it (symbolic links followed inside the target). */
  info: FileInfo;
  /** The path itself is a symbolic link. */
  symlink: boolean;
  /** The ~/.ssh directory holding it. */
  dirInfo: FileInfo | null;
  /** The home directory. */
  homeInfo: FileInfo | null;
  home: string;
  /** Accounts whose home this is (several when a home is shared). */
  users: string[];
  keys: AuthorizedKey[];
}

export interface KeysFacts {
  privateKeys: FoundPrivateKey[];
  authorizedKeys: AuthorizedKeysFile[];
}

function join(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name}`;
}

/** Runs `fn` over `items` with at most CONCURRENCY calls in flight; results in order. */
async function mapLimited<T, R>(items: readonly T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(fn))));
  return out;
}

/**
 * Breadth-first listing of regular files under `roots`, level by level (one batch of
 * directory reads per level), never following symbolic links.
 */
async function listFiles(
  ctx: FactContext,
  roots: readonly string[],
  opts: { depth: number; maxDirs: number; accept: (name: string) => boolean; skip?: ReadonlySet<string> },
): Promise<{ files: string[]; complete: boolean }> {
  const files: string[] = [];
  let level = [...roots];
  let visited = 0;
  for (let depth = 1; level.length > 0; depth++) {
    if (visited + level.length > opts.maxDirs) return { files, complete: false };
    visited += level.length;
    const listings = await mapLimited(level, (d) => ctx.target.readDir(d));
    const next: string[] = [];
    listings.forEach((res, i) => {
      if (!res.ok) return;
      for (const e of res.entries as DirEntry[]) {
        const p = join(level[i]!, e.name);
        if (e.type === 'file' && opts.accept(e.name)) files.push(p);
        else if (e.type === 'dir' && depth < opts.depth && !opts.skip?.has(e.name)) next.push(p);
      }
    });
    level = next;
  }
  return { files, complete: true };
}

function purposeOf(path: string, keys: readonly PrivateKeyBlock[], inSshDir: boolean): KeyPurpose {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('/etc/ssh/') && /^ssh_host_.+_key$/.test(name)) return 'ssh-host';
  if (inSshDir || /^id_/.test(name) || keys.some((k) => k.format !== 'pem')) return 'ssh-user';
  return 'tls';
}

async function collect(ctx: FactContext): Promise<KeysFacts> {
  const { target } = ctx;
  const accounts = await ctx.get('accounts');

  // Homes, each once, with the accounts living there; /root always.
  const byHome = groupBy(
    accounts.users.filter((u) => u.home.startsWith('/')),
    (u) => u.home.replace(/\/+$/, '') || '/',
  );
  const homes = new Map<string, string[]>([['/root', []]]);
  for (const [h, users] of byHome) homes.set(h, users.map((u) => u.name));

  // ~/.ssh of every home.
  const sshDirs = [...homes.keys()].map((h) => join(h, '.ssh'));
  const listings = await mapLimited(sshDirs, (d) => target.readDir(d));
  const candidates = new Map<string, { inSshDir: boolean; homeOf: string[] }>();
  const authPaths: { path: string; home: string; entry: DirEntry }[] = [];
  listings.forEach((res, i) => {
    if (!res.ok) return;
    const home = [...homes.keys()][i]!;
    for (const e of res.entries) {
      const p = join(sshDirs[i]!, e.name);
      if (/^authorized_keys2?$/.test(e.name)) authPaths.push({ path: p, home, entry: e });
      else if (e.type === 'file' && !NOT_KEYS_IN_SSH_DIR.test(e.name)) candidates.set(p, { inSshDir: true, homeOf: homes.get(home)! });
    }
  });

  // Conventional key directories, then the name search.
  for (const kd of KEY_DIRS) {
    const { files } = await listFiles(ctx, [kd.path], { depth: kd.depth, maxDirs: SEARCH_MAX_DIRS, accept: () => true });
    for (const f of files) if (!candidates.has(f)) candidates.set(f, { inSshDir: false, homeOf: [] });
  }
  const search = await listFiles(ctx, SEARCH_ROOTS, { depth: SEARCH_DEPTH, maxDirs: SEARCH_MAX_DIRS, accept: (n) => CANDIDATE_NAME.test(n) && !n.endsWith('.pub'), skip: SKIP_DIRS });
  if (!search.complete) {
    ctx.diagnostic({ path: SEARCH_ROOTS.join(', '), message: `the search for key files stopped after ${SEARCH_MAX_DIRS} directories; keys deeper in large trees were not examined` });
  }
  for (const f of search.files) if (!candidates.has(f)) candidates.set(f, { inSshDir: false, homeOf: [] });
  if (candidates.size > MAX_CANDIDATES) {
    ctx.diagnostic({ path: SEARCH_ROOTS.join(', '), message: `${candidates.size} possible key files found; only the first ${MAX_CANDIDATES} were examined` });
  }

  const paths = [...candidates.keys()].slice(0, MAX_CANDIDATES);
  const privateKeys: FoundPrivateKey[] = [];
  for (let i = 0; i < paths.length; i += 256) {
    for (const r of await target.readFiles(paths.slice(i, i + 256), { maxBytes: KEY_READ_LIMIT })) {
      if (!r.ok || (!r.text.includes('PRIVATE KEY-----') && !r.text.includes('PuTTY-User-Key-File-'))) continue;
      // A damaged block is still reported as a key of unknown protection: no parse errors needed.
      const keys = parsePrivateKeys(r.text, r.path).model.keys;
      if (keys.length === 0) continue;
      const c = candidates.get(r.path)!;
      privateKeys.push({ path: r.path, info: r.info, keys, purpose: purposeOf(r.path, keys, c.inSshDir), homeOf: c.homeOf });
    }
  }

  // authorized_keys files, as sshd opens them (following links inside the target).
  const authorizedKeys: AuthorizedKeysFile[] = [];
  const reads = await target.readFiles(authPaths.map((a) => a.path), { maxBytes: AUTHORIZED_KEYS_READ_LIMIT });
  for (const [i, a] of authPaths.entries()) {
    const r = reads[i]!;
    if (!r.ok) {
      if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: a.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseAuthorizedKeys(r.text, a.path);
    ctx.parseErrors(parsed.errors);
    const [dirSt, homeSt] = await Promise.all([target.stat(join(a.home, '.ssh')), target.stat(a.home)]);
    authorizedKeys.push({
      path: a.path,
      info: r.info,
      symlink: a.entry.type === 'symlink',
      dirInfo: dirSt.ok ? dirSt.info : null,
      homeInfo: homeSt.ok ? homeSt.info : null,
      home: a.home,
      users: homes.get(a.home)!,
      keys: parsed.model.keys,
    });
  }

  return { privateKeys, authorizedKeys };
}

export default defineFact<'keys', KeysFacts>({
  name: 'keys',
  description: 'Private keys found on disk (format and passphrase protection only) and authorized_keys files with their permissions.',
  collect,
});
