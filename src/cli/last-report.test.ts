/**
 * The last report through the built command line: every audit saves its JSON report in
 * garrison's state directory (never in the audited root), and `garrison coverage` and
 * `garrison fix` use it when no report is given. Each test has its own state directory.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReportSchema } from '../core/report-schema.ts';
import { BIN, ensureBundle } from './testing.ts';

/** Runs garrison with garrison's state in `state` (or, with state undefined, in $HOME or $XDG_STATE_HOME as `env` says). */
function run(args: string[], state: string | undefined, env: Record<string, string> = {}) {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', XDG_STATE_HOME: undefined, GARRISON_STATE_DIR: state };
  const res = spawnSync(BIN, args, { encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('the last report', () => {
  let dir: string;
  let root: string;
  let n = 0;
  /** A state directory of its own, not created yet. */
  const freshState = () => path.join(dir, `state-${++n}`, 'garrison');
  const audit = (state: string | undefined, extra: string[], env: Record<string, string> = {}) =>
    run(['audit', '--root', root, '--family', 'ssh', '--no-progress', ...extra], state, env);

  before(() => {
    ensureBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-last-report-'));
    root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'etc/ssh'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/hostname'), 'last-report-test\n');
    fs.writeFileSync(path.join(root, 'etc/ssh/sshd_config'), 'PermitRootLogin yes\nX11Forwarding yes\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every audit saves its JSON report, whatever the format, in a 0700 directory as a 0600 file', () => {
    const state = freshState();
    const json = audit(state, ['--format', 'json']);
    assert.equal(json.code, 1, json.stderr);
    const saved = path.join(state, 'last-report.json');
    assert.equal(fs.readFileSync(saved, 'utf8'), json.stdout, 'the saved report is the JSON report');
    assert.equal(mode(state), 0o700);
    assert.equal(mode(path.dirname(state)), 0o700);
    assert.equal(mode(saved), 0o600);
    const terminal = audit(state, ['--format', 'terminal', '--profile', 'picasoft']);
    assert.equal(terminal.code, 1, terminal.stderr);
    assert.match(terminal.stdout, /Summary: /);
    assert.equal(ReportSchema.parse(JSON.parse(fs.readFileSync(saved, 'utf8'))).profile, 'picasoft', 'replaced by the later audit');
    assert.deepEqual(fs.readdirSync(state), ['last-report.json']);
  });

  test('--no-save saves nothing', () => {
    const state = freshState();
    const r = audit(state, ['--no-save']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(fs.existsSync(path.dirname(state)), false);
  });

  test('without GARRISON_STATE_DIR: $XDG_STATE_HOME/garrison, else ~/.local/state/garrison', () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    assert.equal(audit(undefined, [], { HOME: home }).code, 1);
    assert.ok(fs.existsSync(path.join(home, '.local/state/garrison/last-report.json')));
    const xdg = path.join(dir, 'xdg');
    assert.equal(audit(undefined, [], { HOME: home, XDG_STATE_HOME: xdg }).code, 1);
    assert.ok(fs.existsSync(path.join(xdg, 'garrison/last-report.json')));
  });

  test('an audit never writes inside the audited root, even when the state directory lies there', () => {
    const before = fs.readdirSync(root, { recursive: true }).sort();
    const inRoot = audit(undefined, ['--format', 'json'], { HOME: path.join(root, 'root') });
    assert.equal(inRoot.code, 1, inRoot.stderr);
    assert.equal(ReportSchema.parse(JSON.parse(inRoot.stdout)).target.hostname, 'last-report-test', 'the audit itself stands');
    assert.match(inRoot.stderr, /garrison: warning: the report was not saved .* is inside the audited root .*--no-save/);
    const inRoot2 = audit(path.join(root, 'var/lib/garrison'), []);
    assert.match(inRoot2.stderr, /is inside the audited root/);
    assert.deepEqual(fs.readdirSync(root, { recursive: true }).sort(), before, 'the root is unchanged');
  });

  test('coverage NAME without a report takes the statuses from the last report', () => {
    const state = freshState();
    const file = path.join(dir, 'picasoft.json');
    assert.equal(audit(state, ['--profile', 'picasoft', '--format', 'json', '--output', file]).code, 1);
    const given = run(['coverage', 'picasoft', file], state);
    const last = run(['coverage', 'picasoft'], state);
    assert.equal(last.code, 0, last.stderr);
    assert.equal(last.stdout, given.stdout);
    assert.match(last.stdout, /ssh-no-x11 fail: /);
    assert.ok(last.stderr.includes(`statuses from the last report, ${path.join(state, 'last-report.json')} (audit of ${root} started `), last.stderr);
    const json = run(['coverage', 'picasoft', '--format', 'json'], state);
    assert.equal((JSON.parse(json.stdout) as { report?: { profile?: string } }).report?.profile, 'picasoft');
    // The last audit ran another profile: rules it did not run show `not run`, and a note says why.
    const other = run(['coverage', 'sre'], state);
    assert.equal(other.code, 0, other.stderr);
    assert.match(other.stderr, /the report was run with the profile picasoft: rules of sre it did not run show `not run`/);
  });

  test('coverage without any report prints the matrix without statuses and says how to get them', () => {
    const state = freshState();
    const r = run(['coverage', 'sre', '--format', 'json'], state);
    assert.equal(r.code, 0, r.stderr);
    const cov = JSON.parse(r.stdout) as { report?: unknown; matrix: { status?: string }[] };
    assert.equal(cov.report, undefined);
    assert.ok(cov.matrix.every((m) => m.status === undefined));
    assert.ok(r.stderr.includes(`no report given and no audit saved in ${path.join(state, 'last-report.json')}`), r.stderr);
    assert.match(r.stderr, /run `garrison audit --profile sre` or give a report/);
  });

  test('fix without a report writes the script for the last report; with none saved it is a usage error', () => {
    const state = freshState();
    const none = run(['fix'], state);
    assert.equal(none.code, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /no report given and no audit saved in .*last-report\.json: run `garrison audit` first, or give a report .*\(GARRISON_ERR_USAGE\)/);
    assert.equal(audit(state, []).code, 1);
    const saved = path.join(state, 'last-report.json');
    const last = run(['fix'], state);
    assert.equal(last.code, 0, last.stderr);
    assert.match(last.stdout, /^#!\/bin\/sh\n/);
    assert.match(last.stdout, /X11Forwarding no/);
    assert.ok(last.stderr.includes(`fixing the last report, ${saved} (audit of ${root} started `), last.stderr);
    assert.equal(last.stdout, run(['fix', saved], state).stdout, 'the same script as for the file given');
  });

  test('a malformed saved report is a clear error with exit code 2 that names it', () => {
    const state = freshState();
    fs.mkdirSync(state, { recursive: true, mode: 0o700 });
    const saved = path.join(state, 'last-report.json');
    for (const [text, why] of [
      ['{"schemaVersion": 1, "tool": {"name": "gar', /looks truncated/],
      ['{"version": "2.1.0", "runs": []}', /not a garrison report/],
    ] as const) {
      fs.writeFileSync(saved, text);
      for (const args of [['coverage', 'picasoft'], ['fix']]) {
        const r = run(args, state);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '');
        assert.ok(r.stderr.startsWith(`garrison: ${saved}: `), r.stderr);
        assert.match(r.stderr, why);
        assert.match(r.stderr, /GARRISON_ERR_REPORT_INVALID/);
      }
    }
  });

  test('the HTML and Markdown reports of an audit run with a profile show its coverage', () => {
    const state = freshState();
    const html = path.join(dir, 'r.html');
    const md = path.join(dir, 'r.md');
    const r = audit(state, ['--profile', 'picasoft', '--format', `html:${html},markdown:${md}`]);
    assert.equal(r.code, 1, r.stderr);
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /<h2>Coverage of the profile picasoft<\/h2>/);
    assert.match(page, /<tr class="recommendation" data-status="fail"><td><code>ssh-no-x11<\/code>/);
    assert.match(fs.readFileSync(md, 'utf8'), /### Profile picasoft\n\n.*recommendations verified automatically[^\n]*\n\n\| Recommendation \| Section \| Failing rules \|[\s\S]*\| ssh-no-x11: /);
    const plain = audit(state, ['--format', `html:${html}`]);
    assert.equal(plain.code, 1, plain.stderr);
    assert.ok(!fs.readFileSync(html, 'utf8').includes('id="coverage"'), 'no profile: no matrix');
  });
});
