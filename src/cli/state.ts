/**
 * garrison's own state on the machine it runs on: the JSON report of the last audit, which
 * `garrison coverage` and `garrison fix` use when no report is given. It lives in
 * $GARRISON_STATE_DIR, else $XDG_STATE_HOME/garrison, else ~/.local/state/garrison — never
 * in an audited root directory. The report describes the host's weaknesses: the directory is
 * created 0700 and the file written atomically with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report } from '../core/report-schema.ts';
import { loadReport } from '../diff/load.ts';

const LAST_REPORT = 'last-report.json';

type Env = Readonly<Record<string, string | undefined>>;

/** The state directory for this environment (absolute). */
export function stateDir(env: Env = process.env): string {
  if (env.GARRISON_STATE_DIR) return path.resolve(env.GARRISON_STATE_DIR);
  // The XDG base directory specification: a relative path is invalid and is ignored.
  if (env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)) return path.join(env.XDG_STATE_HOME, 'garrison');
  return path.join(env.HOME || os.homedir(), '.local', 'state', 'garrison');
}

/** Where the last audit's report is saved. */
export const lastReportPath = (env: Env = process.env): string => path.join(stateDir(env), LAST_REPORT);

/** `p` with symbolic links resolved as far as it exists (the rest appended as written). */
function realPathAsFarAsExists(p: string): string {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest);
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.join(cur, ...rest);
      rest.unshift(path.basename(cur));
      cur = parent;
    }
  }
}

/** Whether `inner` is `outer` or lies below it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** The closest of `p` and its parents that exists, with its status. */
function nearestExisting(p: string): { path: string; stat: fs.Stats } {
  for (let cur = path.resolve(p); ; cur = path.dirname(cur)) {
    try {
      return { path: cur, stat: fs.statSync(cur) };
    } catch (err) {
      if (path.dirname(cur) === cur) throw err;
    }
  }
}

/**
 * Why the state directory cannot take the report, or undefined when it can: it must not lie
 * inside the audited root directory (unless that root is / itself); an existing directory
 * must belong to the user running garrison and be writable by nobody else; and root does not
 * create it in a directory of another user (`sudo -E` keeps the user's HOME: root-owned
 * directories there would lock the user out of their own state directory).
 */
export function unsafeStateDir(dir: string, auditedRoot: string | undefined): string | undefined {
  if (auditedRoot !== undefined) {
    const root = realPathAsFarAsExists(auditedRoot);
    if (root !== path.parse(root).root && isWithin(realPathAsFarAsExists(dir), root)) {
      return `the state directory ${dir} is inside the audited root ${auditedRoot}, and an audit never writes to its target`;
    }
  }
  const uid = process.getuid?.();
  const existing = nearestExisting(dir);
  if (existing.path !== path.resolve(dir)) {
    if (uid === 0 && existing.stat.uid !== 0) return `${dir} would be created in ${existing.path}, which belongs to uid ${existing.stat.uid}`;
    return undefined;
  }
  const st = existing.stat;
  if (!st.isDirectory()) return `${dir} is not a directory`;
  if (uid !== undefined && st.uid !== uid) return `${dir} belongs to uid ${st.uid}, not to the user running garrison (uid ${uid})`;
  if ((st.mode & 0o022) !== 0) return `${dir} is writable by other users (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return undefined;
}

/** Writes `text` to `file` atomically (a new file renamed over it) with mode 0600. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
  try {
    try {
      fs.fchmodSync(fd, 0o600);
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Saves the JSON text of an audit's report as the last report. Returns a warning for
 * standard error when it cannot be saved (the audit itself stands), undefined when saved.
 */
export function saveLastReport(json: string, auditedRoot: string | undefined, env: Env = process.env): string | undefined {
  const dir = stateDir(env);
  const notSaved = (why: string) => `garrison: warning: the report was not saved for \`garrison coverage\` and \`garrison fix\`: ${why}; set GARRISON_STATE_DIR to another directory, or use --no-save`;
  try {
    const unsafe = unsafeStateDir(dir, auditedRoot);
    if (unsafe !== undefined) return notSaved(unsafe);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The directory may have been created just now, by another process too: check it again.
    const created = unsafeStateDir(dir, auditedRoot);
    if (created !== undefined) return notSaved(created);
    writeFileAtomic(path.join(dir, LAST_REPORT), json);
  } catch (err) {
    return notSaved(`cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return undefined;
}

/**
 * The last audit's report, checked like a report given on the command line (the same
 * errors, naming the file), or undefined when none has been saved.
 */
export function loadLastReport(env: Env = process.env): { file: string; report: Report } | undefined {
  const file = lastReportPath(env);
  try {
    fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  }
  return { file, report: loadReport(file) };
}

/** A one-line description of the report, for the note that says which report is used. */
export function describeReport(report: Report): string {
  const t = report.target;
  return `${t.kind === 'root-dir' ? `audit of ${t.root}` : `audit of ${t.hostname}`} started ${report.startedAt}${report.profile ? ` with profile ${report.profile}` : ''}`;
}
