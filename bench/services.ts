/**
 * The service families measured on a real Debian 12 tree: a debootstrapped server with SSH,
 * nginx, Apache, PostgreSQL, MariaDB, Redis, slapd, vsftpd, rsyslog, auditd, fail2ban and
 * unattended-upgrades, configured twice by the overlays under bench/trees/: once as a small
 * team would misconfigure it (the problems seeded on purpose are listed in
 * bench/trees/seeded.json), once hardened the way the guidelines ask.
 *
 * Goals: every seeded problem found; no failing finding of severity medium or above on the
 * hardened variant; each audit under 1 s. Needs root (debootstrap, chroot, chown).
 *
 * Each variant is a fresh copy of the cached base tree (bench/.cache/work-<variant>) with
 * its overlay laid on top. An overlay's `_fixture.json` takes the fixture keys (modes,
 * owners, symlinks, dirs, ...; owners may be given by name) plus:
 *   remove   paths deleted from the base first (a unit's wants link, a stock site);
 *   run      commands run in the tree with chroot before the overlay is copied, as an
 *            administrator would (useradd, usermod, install), each an argv array;
 *   sshKeys  SSH key pairs to generate (path -> { passphrase, comment });
 *   tls      self-signed certificates to generate (certificate path -> { key, subject }); the
 *            private key is written to `key`, or thrown away when there is none (a CA's).
 * Keys are generated on each run so that no private key is kept in the repository.
 *
 * Docker is not in the base tree's package list: both overlays carry the unit files of
 * Debian's docker.io package (enabled), so that the daemon's settings are judged as on a
 * host where it is installed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { materialize, type FixtureSpec } from '../src/rules/fixtures.ts';
import { CACHE, REPO, debianTree, fmtMs, median, runGarrison } from './lib.ts';

/** The packages of the base tree (its cache name says which list built it). */
const PACKAGES = [
  'openssh-server', 'nginx-light', 'redis-server', 'postgresql', 'mariadb-server', 'rsyslog', 'auditd', 'logrotate',
  'unattended-upgrades', 'fail2ban', 'iptables', 'nftables', 'sudo', 'apache2', 'slapd', 'vsftpd', 'systemd', 'procps',
];
const TREES = path.join(REPO, 'bench', 'trees');
const VARIANTS = ['misconfigured', 'hardened'] as const;
type Variant = (typeof VARIANTS)[number];
const RUNS = Number(process.env.GARRISON_BENCH_RUNS ?? 3);
const TIME_GOAL_MS = 1000;
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

interface OverlaySpec extends FixtureSpec {
  remove?: string[];
  run?: string[][];
  sshKeys?: Record<string, { passphrase: string; comment: string }>;
  tls?: Record<string, { key?: string; subject: string }>;
}

interface Seed {
  id: string;
  ruleId: string;
  /** An evidence path the failing finding must name. */
  path?: string;
  why: string;
}

interface Evidence {
  path: string;
  line?: number;
}

interface Finding {
  ruleId: string;
  status: 'pass' | 'fail' | 'skip' | 'error' | 'waived';
  severity: (typeof SEVERITIES)[number];
  message: string;
  evidence?: Evidence[];
}

interface Report {
  summary: { total: number; byStatus: Record<string, number> };
  findings: Finding[];
}

function sh(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}): ${cmd} ${args.join(' ')}\n${r.stderr}`);
}

/** Mount points at or below `dir` (none may be there when a tree is removed or audited). */
function mountsUnder(dir: string): string[] {
  const real = fs.existsSync(dir) ? fs.realpathSync(dir) : dir;
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4]?.replace(/\\040/g, ' '))
    .filter((m): m is string => m !== undefined && (m === real || m.startsWith(`${real}/`)));
}

function assertNoMounts(dir: string): void {
  const m = mountsUnder(dir);
  if (m.length > 0) throw new Error(`refusing to touch ${dir}: file systems are mounted in it (${m.join(', ')}); unmount them first`);
}

/**
 * A path of the overlay spec inside the tree. The base tree has absolute symbolic links
 * (/var/run -> /run, certificates into /usr/share): a spec path going through one would
 * reach the host's files, so no existing component may be a link. `leaf` says whether the
 * last component may be one (removing or replacing a link is fine; chmod would follow it).
 */
function inside(root: string, rel: string, leaf: 'link-ok' | 'no-link' = 'no-link'): string {
  const p = path.resolve(root, rel);
  if (!p.startsWith(`${root}/`)) throw new Error(`spec path ${rel} leaves the tree`);
  const parts = path.relative(root, p).split('/');
  for (let i = 1; i <= parts.length; i++) {
    if (i === parts.length && leaf === 'link-ok') break;
    const st = fs.lstatSync(path.join(root, ...parts.slice(0, i)), { throwIfNoEntry: false });
    if (!st) break;
    if (st.isSymbolicLink()) throw new Error(`spec path ${rel} goes through the symbolic link ${parts.slice(0, i).join('/')} of the tree`);
  }
  return p;
}

/**
 * Checks every path the fixture keys of a spec touch (materialize joins them without checks).
 * A mode may be set on a link of the base that the overlay replaces with a file.
 */
function checkSpecPaths(root: string, overlay: string, spec: OverlaySpec): void {
  const replaced = (rel: string) => fs.lstatSync(path.join(overlay, rel), { throwIfNoEntry: false })?.isSymbolicLink() === false;
  for (const rel of [...Object.keys(spec.modes ?? {}), ...(spec.dirs ?? [])]) inside(root, rel, replaced(rel) ? 'link-ok' : 'no-link');
  for (const rel of [...Object.keys(spec.owners ?? {}), ...Object.keys(spec.symlinks ?? {}), ...Object.keys(spec.files ?? {}), ...(spec.fifos ?? [])]) inside(root, rel, 'link-ok');
}

/** uid or gid of a name in the tree's passwd or group file ("1000" stays a number). */
function idOf(root: string, file: 'passwd' | 'group', name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const line = fs
    .readFileSync(path.join(root, 'etc', file), 'utf8')
    .split('\n')
    .find((l) => l.split(':')[0] === name);
  if (!line) throw new Error(`no ${file === 'passwd' ? 'user' : 'group'} ${name} in the tree`);
  return Number(line.split(':')[2]);
}

function generateKeys(root: string, spec: OverlaySpec): void {
  for (const [rel, k] of Object.entries(spec.sshKeys ?? {})) {
    const p = inside(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.rmSync(p, { force: true });
    fs.rmSync(`${p}.pub`, { force: true });
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', k.passphrase, '-C', k.comment, '-f', p], 'ssh-keygen');
  }
  for (const [rel, t] of Object.entries(spec.tls ?? {})) {
    const cert = inside(root, rel);
    const scratch = t.key ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-bench-ca-'));
    const key = t.key ? inside(root, t.key) : path.join(scratch!, 'ca.key');
    try {
      for (const p of [key, cert]) fs.mkdirSync(path.dirname(p), { recursive: true });
      sh('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '365', '-subj', t.subject, '-keyout', key, '-out', cert], 'openssl req');
    } finally {
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
}

/** Builds bench/.cache/work-<variant> from the base tree and the variant's overlay. */
function prepare(base: string, variant: Variant): string {
  const work = path.join(CACHE, `work-${variant}`);
  assertNoMounts(work);
  fs.rmSync(work, { recursive: true, force: true });
  sh('cp', ['-a', '--reflink=auto', base, work], 'copying the base tree');
  const overlay = path.join(TREES, variant);
  const spec = JSON.parse(fs.readFileSync(path.join(overlay, '_fixture.json'), 'utf8')) as OverlaySpec;
  for (const rel of spec.remove ?? []) fs.rmSync(inside(work, rel, 'link-ok'), { recursive: true, force: true });
  for (const argv of spec.run ?? []) sh('chroot', [work, ...argv], `${variant}: command in the tree`);
  generateKeys(work, spec);
  const owners: Record<string, string> = {};
  for (const [rel, owner] of Object.entries(spec.owners ?? {})) {
    const [u, g] = owner.split(':');
    owners[rel] = `${idOf(work, 'passwd', u!)}:${idOf(work, 'group', g ?? u!)}`;
  }
  checkSpecPaths(work, overlay, spec);
  materialize(overlay, { ...spec, owners }, work, { overwrite: true });
  assertNoMounts(work);
  return work;
}

interface Measured {
  report: Report;
  ms: number;
  rssMb: number;
}

function audit(tree: string): Measured {
  const args = ['audit', '--root', tree, '--format', 'json', '--fail-on', 'none', '--no-progress'];
  runGarrison(args); // warm the page cache
  const runs = Array.from({ length: RUNS }, () => runGarrison(args));
  for (const r of runs) if (r.status !== 0) throw new Error(`garrison failed on ${tree} (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { report: JSON.parse(runs[0]!.stdout) as Report, ms: median(runs.map((r) => r.ms)), rssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

const atLeast = (s: Finding['severity'], min: Finding['severity']) => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(min);

function describe(f: Finding): string {
  const ev = (f.evidence ?? []).slice(0, 2).map((e) => (e.line ? `${e.path}:${e.line}` : e.path));
  return `${f.severity.padEnd(8)} ${f.ruleId}: ${f.message}${ev.length ? `  [${ev.join(', ')}]` : ''}`;
}

function seedFound(seed: Seed, findings: Finding[]): boolean {
  return findings.some((f) => f.ruleId === seed.ruleId && f.status === 'fail' && (!seed.path || (f.evidence ?? []).some((e) => e.path === seed.path)));
}

const base = debianTree('bookworm-services', PACKAGES);
const seeds = JSON.parse(fs.readFileSync(path.join(TREES, 'seeded.json'), 'utf8')) as Seed[];
const familyOf = new Map((JSON.parse(runGarrison(['rules', '--format', 'json']).stdout) as { id: string; family: string }[]).map((r) => [r.id, r.family]));
const unknown = seeds.filter((s) => !familyOf.has(s.ruleId));
if (unknown.length > 0) throw new Error(`seeded.json names unknown rules: ${unknown.map((s) => s.ruleId).join(', ')}`);

const results = {} as Record<Variant, Measured & { tree: string }>;
for (const v of VARIANTS) {
  process.stderr.write(`bench: preparing the ${v} tree…\n`);
  const tree = prepare(base, v);
  results[v] = { ...audit(tree), tree };
}

let ok = true;
const mis = results.misconfigured.report.findings;
const missed = seeds.filter((s) => !seedFound(s, mis));
const families = [...new Set(seeds.map((s) => familyOf.get(s.ruleId)!))].sort();
console.log(`services on a Debian 12 tree (${PACKAGES.length} packages), ${RUNS} runs per variant, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
console.log(`  seeded problems found       ${seeds.length - missed.length}/${seeds.length}, ${new Set(seeds.map((s) => s.ruleId)).size} rules in ${families.length} families  goal: all`);
console.log(`    families: ${families.join(', ')}`);
for (const s of missed) console.log(`    MISSED ${s.id} (${s.ruleId}${s.path ? `, ${s.path}` : ''})`);
if (missed.length > 0) ok = false;

const hard = results.hardened.report.findings;
const hardFails = hard.filter((f) => f.status === 'fail');
const serious = hardFails.filter((f) => atLeast(f.severity, 'medium'));
const minor = hardFails.filter((f) => !atLeast(f.severity, 'medium'));
console.log(`  hardened: medium+ failures  ${serious.length}  goal: 0`);
for (const f of serious) console.log(`    ${describe(f)}`);
console.log(`  hardened: low/info failures ${minor.length}`);
for (const f of minor) console.log(`    ${describe(f)}`);
if (serious.length > 0) ok = false;

for (const v of VARIANTS) {
  const r = results[v];
  const errors = r.report.findings.filter((f) => f.status === 'error');
  const fails = r.report.findings.filter((f) => f.status === 'fail').length;
  const time = r.ms < TIME_GOAL_MS;
  if (!time || errors.length > 0) ok = false;
  console.log(`  ${v.padEnd(14)} ${fmtMs(r.ms).padStart(7)} (goal < ${fmtMs(TIME_GOAL_MS)}${time ? '' : ', MISSED'}), peak ${r.rssMb.toFixed(0)} MB, ${r.report.summary.total} checks, ${fails} failing, ${errors.length} errors`);
  for (const f of errors) console.log(`    ERROR ${describe(f)}`);
}
for (const v of VARIANTS) assertNoMounts(results[v].tree);
console.log(`  trees: ${VARIANTS.map((v) => path.relative(REPO, results[v].tree)).join(', ')}`);
console.log(`  verdict   ${ok ? 'goals met' : 'GOALS NOT MET'}`);
process.exitCode = ok ? 0 : 1;
