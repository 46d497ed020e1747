/**
 * The fix loop on the misconfigured service tree of bench/services.ts: audit it, write
 * `garrison fix --format sh`, run the script on a copy of the tree, audit again.
 *
 * Goals: at least 70% of the failing findings pass afterwards, no finding fails that did not
 * fail before, no new `error`, and the daemons still accept their changed configuration:
 * each validator below is run with chroot in the tree before and after the script (one that
 * already failed before is reported, not held against the fix). Needs root and the tree
 * bench/services.ts builds (bench/.cache/work-misconfigured).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE, fmtMs, runGarrison } from './lib.ts';

const SOURCE = path.join(CACHE, 'work-misconfigured');
const WORK = path.join(CACHE, 'work-fixed');
const GOAL = 0.7;

interface Finding {
  ruleId: string;
  status: string;
  fingerprint: string;
  message: string;
}

/** Configuration checks of the daemons whose files the script changes, run inside the tree. */
const VALIDATORS: { name: string; argv: string[]; user?: string }[] = [
  { name: 'sshd -t', argv: ['/usr/sbin/sshd', '-t'] },
  { name: 'nginx -t', argv: ['/usr/sbin/nginx', '-t', '-q'] },
  { name: 'apache2 -t', argv: ['/bin/sh', '-c', '. /etc/apache2/envvars && /usr/sbin/apache2 -t'] },
  { name: 'visudo -c', argv: ['/usr/sbin/visudo', '-c', '-q'] },
  { name: 'logrotate -d', argv: ['/usr/sbin/logrotate', '-d', '/etc/logrotate.conf'] },
  { name: 'rsyslogd -N1', argv: ['/usr/sbin/rsyslogd', '-N1'] },
  { name: 'postgres -C ssl', argv: ['/usr/lib/postgresql/15/bin/postgres', '--config-file=/etc/postgresql/15/main/postgresql.conf', '-C', 'ssl'], user: 'postgres' },
  { name: 'mariadbd --help', argv: ['/usr/sbin/mariadbd', '--help', '--verbose'], user: 'mysql' },
  { name: 'augenrules --check', argv: ['/usr/sbin/augenrules', '--check'] },
  { name: 'nft -c', argv: ['/usr/sbin/nft', '-c', '-f', '/etc/nftables.conf'] },
  { name: 'fail2ban-client -t', argv: ['/usr/bin/fail2ban-client', '-t'] },
  { name: 'apt-config dump', argv: ['/usr/bin/apt-config', 'dump'] },
];

function sh(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}): ${r.stderr.slice(0, 2000)}`);
  return r.stdout;
}

function validate(tree: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  // fail2ban -t wants the log its sshd jail reads, which rsyslog creates when it starts: it
  // exists only while the validators run, so that the audits see the tree as it was built.
  const authLog = path.join(tree, 'var/log/auth.log');
  const made = !fs.existsSync(authLog);
  if (made) fs.writeFileSync(authLog, '', { mode: 0o640 });
  for (const v of VALIDATORS) {
    if (!fs.existsSync(path.join(tree, v.argv[0]!))) continue;
    const args = [...(v.user ? [`--userspec=${v.user}:${v.user}`] : []), tree, ...v.argv];
    const r = spawnSync('chroot', args, { encoding: 'utf8', timeout: 60_000 });
    out.set(v.name, r.status === 0 ? null : `${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ').slice(0, 300)}`);
  }
  if (made) fs.rmSync(authLog);
  return out;
}

/** The findings of an audit of `tree`; the report is also written to `save` when given. */
function audit(tree: string, save?: string): Finding[] {
  const r = runGarrison(['audit', '--root', tree, '--format', 'json', '--fail-on', 'none', '--no-progress']);
  if (r.status !== 0) throw new Error(`garrison audit failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  if (save) fs.writeFileSync(save, r.stdout);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

if (!fs.existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: run bench/services.ts first (npm run bench runs both)`);
fs.rmSync(WORK, { recursive: true, force: true });
sh('cp', ['-a', '--reflink=auto', SOURCE, WORK], 'copying the misconfigured tree');
// The runtime directories sshd -t and apache2 -t insist on (tmpfs on a running system).
for (const d of ['run/sshd', 'run/apache2']) fs.mkdirSync(path.join(WORK, d), { recursive: true });

const reportFile = path.join(CACHE, 'fix-before.json');
const scriptFile = path.join(CACHE, 'fix.sh');
const before = audit(WORK, reportFile);
const validBefore = validate(WORK);

const gen = runGarrison(['fix', reportFile, '--format', 'sh', '--output', scriptFile]);
if (gen.status !== 0) throw new Error(`garrison fix failed (${gen.status}): ${gen.stderr}`);
const run = spawnSync('sh', [scriptFile, WORK], { encoding: 'utf8' });
if (run.status !== 0) throw new Error(`the script failed (${run.status}): ${run.stderr}\n${run.stdout.slice(-2000)}`);
const second = spawnSync('sh', [scriptFile, WORK], { encoding: 'utf8' });
const changedAgain = second.stdout.split('\n').filter((l) => /^(wrote|edited|appended|linked|chmod|chown|backup):/.test(l));

const after = audit(WORK);
const validAfter = validate(WORK);

const status = new Map(after.map((f) => [f.fingerprint, f.status]));
const failing = before.filter((f) => f.status === 'fail');
const fixed = failing.filter((f) => status.get(f.fingerprint) !== 'fail');
const failedBefore = new Set(failing.map((f) => f.fingerprint));
const regressions = after.filter((f) => f.status === 'fail' && !failedBefore.has(f.fingerprint));
const errors = after.filter((f) => f.status === 'error');
const share = fixed.length / failing.length;
const broken = [...validAfter].filter(([name, err]) => err !== null && validBefore.get(name) === null);

console.log(`fix loop on the misconfigured service tree (${path.relative(process.cwd(), WORK)})`);
console.log(`  failing before               ${failing.length}`);
console.log(`  passing after the script     ${fixed.length} (${(share * 100).toFixed(1)}%)  goal: >= ${GOAL * 100}%`);
console.log(`  new failures                 ${regressions.length}  goal: 0`);
for (const f of regressions) console.log(`    NEW ${f.ruleId}: ${f.message}`);
console.log(`  errors after                 ${errors.length}  goal: 0`);
console.log(`  second run changes           ${changedAgain.length}  goal: 0`);
console.log(`  script: ${run.stdout.split('\n').filter((l) => /^(wrote|edited|appended|linked|chmod|chown):/.test(l)).length} changes, written in ${fmtMs(gen.ms)}`);
for (const [name, err] of validAfter) {
  const was = validBefore.get(name);
  console.log(`  ${name.padEnd(20)} before: ${was === null ? 'ok' : `FAILS (${was})`}  after: ${err === null ? 'ok' : `FAILS (${err})`}`);
}
const stillFailing = new Map<string, number>();
for (const f of failing) if (status.get(f.fingerprint) === 'fail') stillFailing.set(f.ruleId, (stillFailing.get(f.ruleId) ?? 0) + 1);
console.log(`  left to people: ${[...stillFailing].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ')}`);
const ok = share >= GOAL && regressions.length === 0 && errors.length === 0 && changedAgain.length === 0 && broken.length === 0;
console.log(`  verdict   ${ok ? 'goals met' : 'GOALS NOT MET'}`);
process.exitCode = ok ? 0 : 1;
