/**
 * Benchmark: the permission walk (the `filesystem` fact's walk and classification) over
 * /usr of this machine, against GNU find doing the same job in the same run:
 *
 *   find /usr -xdev \( -perm -4000 -o -perm -2000 -o -perm -0002 -o -nouser -o -nogroup \)
 *
 * Each side runs a few times with a warm cache (one untimed warm-up first); the medians are
 * compared. Goal: garrison within 1.5x of find.
 *
 *   node --import tsx bench/walk.ts [--runs N] [--root /usr]
 *
 * Exit code 1 when the goal is missed.
 */
import { spawnSync } from 'node:child_process';
import { walkAndClassify, DEFAULT_DATA_DIRS } from '../src/facts/filesystem.ts';
import { LocalHostTarget } from '../src/target/local-host.ts';

const GOAL = 1.5;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timeFind(root: string): { ms: number; lines: number } {
  const t0 = performance.now();
  const r = spawnSync('find', [root, '-xdev', '(', '-perm', '-4000', '-o', '-perm', '-2000', '-o', '-perm', '-0002', '-o', '-nouser', '-o', '-nogroup', ')'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, lines: r.stdout.split('\n').filter(Boolean).length };
}

async function timeGarrison(root: string): Promise<{ ms: number; entries: number; special: number }> {
  const target = new LocalHostTarget();
  const t0 = performance.now();
  const res = await walkAndClassify(target, { roots: [root], crossMounts: false, maxPaths: 20, dataDirs: DEFAULT_DATA_DIRS });
  const ms = performance.now() - t0;
  await target.close();
  return { ms, entries: res.entries, special: res.classifier.special.length };
}

async function main(): Promise<void> {
  const root = arg('--root', '/usr');
  const runs = Math.max(1, Number(arg('--runs', '5')));
  // Warm the page and dentry caches for both.
  timeFind(root);
  await timeGarrison(root);

  const findMs: number[] = [];
  const ourMs: number[] = [];
  let found = 0;
  let entries = 0;
  let special = 0;
  for (let i = 0; i < runs; i++) {
    const f = timeFind(root);
    findMs.push(f.ms);
    found = f.lines;
    const g = await timeGarrison(root);
    ourMs.push(g.ms);
    entries = g.entries;
    special = g.special;
  }
  const fm = median(findMs);
  const gm = median(ourMs);
  const ratio = gm / fm;
  const fmt = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`permission walk over ${root} (${runs} runs, warm cache, medians)`);
  console.log(`  GNU find : ${fmt(fm)}  [${findMs.map(fmt).join(', ')}]  ${found} paths printed`);
  console.log(`  garrison : ${fmt(gm)}  [${ourMs.map(fmt).join(', ')}]  ${entries} entries classified, ${special} setuid/setgid`);
  console.log(`  ratio garrison/find: ${ratio.toFixed(2)} (goal <= ${GOAL})`);
  if (ratio > GOAL) process.exitCode = 1;
}

await main();
