/**
 * Probe speed against the reference tools, on loopback servers started for the run:
 *  - one hardened nginx endpoint (TLS + HTTP): garrison under 1.5 s and at least 20x faster
 *    than testssl.sh checking the same ground (-p protocols, -s cipher categories,
 *    -S certificate and server defaults, -h HTTP headers) on the same endpoint;
 *  - one hardened sshd: garrison under 0.5 s and faster than ssh-audit.
 * garrison is timed through the CLI bundle (`garrison probe`, cold start included) when it
 * has the probe command, else in process (warm); both are printed when available.
 * Needs root, nginx, openssh-server, testssl.sh and ssh-audit.
 */
import { fmtMs, median, runGarrison, timeCommand } from './lib.ts';
import { collectRecords } from '../src/probes/runner.ts';
import { analyseRecords } from '../src/probes/analyse.ts';
import { BINARIES, missing, startNginx, startSshd, type Daemon } from '../src/probes/testing/daemons.ts';
import { runSshAudit, runTestssl } from '../src/probes/testing/reference-tools.ts';

const runs = Number(process.env.GARRISON_BENCH_RUNS ?? 5);
const absent = missing(BINARIES.nginx, BINARIES.sshd, BINARIES.testssl, BINARIES.sshAudit);
if (absent) {
  console.error(`bench/probe: ${absent}`);
  process.exit(2);
}

/** Median wall time of probing `urls` in process (collect + analyse), after one warm-up. */
async function inProcess(urls: string[]): Promise<number> {
  const once = async () => {
    const t0 = process.hrtime.bigint();
    const report = await analyseRecords(await collectRecords(urls));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (report.findings.some((f) => f.status === 'error')) throw new Error(`probe errors: ${JSON.stringify(report.findings.filter((f) => f.status === 'error'))}`);
    return ms;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return median(times);
}

/** Median wall time of a Node process that does nothing: the floor under any cold `garrison` run. */
function nodeStartup(): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeCommand(process.execPath, ['-e', '0']).ms);
  return median(times);
}

/** Median wall time of `garrison probe` (cold process each time), or undefined without the command. */
function viaCli(urls: string[]): number | undefined {
  if (runGarrison(['probe', '--help']).status !== 0) return undefined;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runGarrison(['probe', ...urls, '--format', 'json']);
    if (r.status === null || r.status > 1) throw new Error(`garrison probe failed (${r.status}): ${r.stderr}`);
    times.push(r.ms);
  }
  return median(times);
}

const daemons: Daemon[] = [];
try {
  const [nginx, sshd] = await Promise.all([startNginx('hardened'), startSshd({ passwordAuthentication: false, legacyAlgorithms: false })]);
  daemons.push(nginx, sshd);
  const hostPort = `127.0.0.1:${nginx.ports.https}`;
  const web = [`https://${hostPort}`];
  const ssh = [`ssh://127.0.0.1:${sshd.ports.ssh}`];

  const webWarm = await inProcess(web);
  const sshWarm = await inProcess(ssh);
  const webCli = viaCli(web);
  const sshCli = viaCli(ssh);
  const webG = webCli ?? webWarm;
  const sshG = sshCli ?? sshWarm;

  const testssl = await runTestssl(hostPort, ['-p', '-s', '-S', '-h']);
  const audits: number[] = [];
  for (let i = 0; i < runs; i++) audits.push((await runSshAudit(sshd.ports.ssh!)).ms);
  const sshAuditMs = median(audits);
  const nodeMs = nodeStartup();

  const webRatio = testssl.ms / webG;
  const sshRatio = sshAuditMs / sshG;
  const how = (cli: number | undefined) => (cli === undefined ? 'in process, warm (no `garrison probe` in dist/ yet)' : 'garrison probe, cold process');
  console.log('probe of a hardened nginx endpoint (TLS + HTTP) on loopback');
  console.log(`  garrison     ${fmtMs(webG)} (${how(webCli)}, median of ${runs}); in process ${fmtMs(webWarm)}`);
  console.log(`  testssl.sh   ${fmtMs(testssl.ms)} (-p -s -S -h)`);
  console.log(`  ratio        testssl.sh / garrison = ${webRatio.toFixed(1)}x  (goal: >= 20x, garrison < 1.5 s)`);
  console.log('probe of a hardened sshd on loopback');
  console.log(`  garrison     ${fmtMs(sshG)} (${how(sshCli)}, median of ${runs}); in process ${fmtMs(sshWarm)}`);
  console.log(`  ssh-audit    ${fmtMs(sshAuditMs)} (median of ${runs})`);
  console.log(`  ratio        ssh-audit / garrison = ${sshRatio.toFixed(1)}x  (goal: > 1x, garrison < 0.5 s)`);
  console.log(`  node         ${fmtMs(nodeMs)} (\`node -e 0\`, median of ${runs}: Node's own start-up, included in every cold garrison run)`);
  const ok = webG < 1500 && webRatio >= 20 && sshG < 500 && sshRatio > 1;
  console.log(`  verdict      ${ok ? 'goals met' : 'GOALS NOT MET'}`);
} finally {
  await Promise.all(daemons.map((d) => d.stop()));
}
