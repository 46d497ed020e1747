/**
 * Audit speed and memory on a debootstrapped Debian 12 minbase tree, against Lynis run
 * inside the same tree with chroot, in the same run.
 * Goals: garrison under 1 s, under 1/20 of Lynis's time, peak memory under 200 MB.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { debianTree, fmtMs, median, runGarrison, timeCommand } from './lib.ts';

const runs = Number(process.env.GARRISON_BENCH_RUNS ?? 5);
const tree = debianTree('bookworm-minbase', ['lynis']);

// garrison: warm once, then the median of several runs.
runGarrison(['audit', '--root', tree, '--format', 'json', '--fail-on', 'none', '--no-progress']);
const g = Array.from({ length: runs }, () => runGarrison(['audit', '--root', tree, '--format', 'json', '--fail-on', 'none', '--no-progress']));
for (const r of g) if (r.status !== 0) throw new Error(`garrison failed: ${r.stderr}`);
const report = JSON.parse(g[0]!.stdout) as { summary: { total: number; byStatus: Record<string, number> } };
const gMs = median(g.map((r) => r.ms));
const rss = Math.max(...g.map((r) => r.maxRssMb));

// Lynis inside the tree, with /proc mounted as it expects; one run is minutes long.
const proc = path.join(tree, 'proc');
fs.mkdirSync(proc, { recursive: true });
const mounted = spawnSync('mount', ['-t', 'proc', 'proc', proc]).status === 0;
let lMs: number;
try {
  const l = timeCommand('chroot', [tree, 'lynis', 'audit', 'system', '--quick', '--no-colors', '--no-log', '--no-plugins'], { timeoutMs: 30 * 60_000, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TERM: 'dumb' } });
  if (l.status !== 0) process.stderr.write(`bench: lynis exited ${l.status}: ${l.stderr.slice(0, 500)}\n`);
  lMs = l.ms;
} finally {
  if (mounted) spawnSync('umount', [proc]);
}

const ratio = lMs / gMs;
console.log(`audit of a Debian 12 minbase tree (${report.summary.total} checks: ${JSON.stringify(report.summary.byStatus)})`);
console.log(`  garrison  ${fmtMs(gMs)} (median of ${runs}), peak memory ${rss.toFixed(0)} MB`);
console.log(`  lynis     ${fmtMs(lMs)} (chroot, --quick)`);
console.log(`  ratio     lynis / garrison = ${ratio.toFixed(1)}x  (goal: >= 20x, garrison < 1 s, memory < 200 MB)`);
const ok = gMs < 1000 && ratio >= 20 && rss < 200;
console.log(`  verdict   ${ok ? 'goals met' : 'GOALS NOT MET'}`);
