/**
 * garrison's state directory and the last report: where it is, how it is written (0700
 * directory, 0600 file, atomically), and where it is never written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GarrisonError } from '../core/errors.ts';
import { jsonReporter } from '../report/json.ts';
import { sampleReport } from '../report/testdata/sample-report.ts';
import { lastReportPath, loadLastReport, saveLastReport, stateDir, unsafeStateDir, writeFileAtomic } from './state.ts';

const JSON_TEXT = jsonReporter.render(sampleReport(), { color: false, verbose: false, width: 100 });
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('stateDir', () => {
  test('$GARRISON_STATE_DIR, else $XDG_STATE_HOME/garrison, else ~/.local/state/garrison', () => {
    assert.equal(stateDir({ GARRISON_STATE_DIR: '/srv/g', XDG_STATE_HOME: '/x', HOME: '/home/a' }), '/srv/g');
    assert.equal(stateDir({ GARRISON_STATE_DIR: 'rel/g' }), path.resolve('rel/g'));
    assert.equal(stateDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/a' }), '/x/state/garrison');
    assert.equal(stateDir({ GARRISON_STATE_DIR: '', XDG_STATE_HOME: '', HOME: '/home/a' }), '/home/a/.local/state/garrison');
    // The XDG specification: a relative path is invalid and ignored.
    assert.equal(stateDir({ XDG_STATE_HOME: 'state', HOME: '/home/a' }), '/home/a/.local/state/garrison');
    assert.equal(stateDir({}), path.join(os.homedir(), '.local/state/garrison'));
    assert.equal(lastReportPath({ GARRISON_STATE_DIR: '/srv/g' }), '/srv/g/last-report.json');
  });
});

describe('saveLastReport and loadLastReport', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-state-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('creates the directories 0700 and writes the report 0600, replacing the last one whole', () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const env = { HOME: home };
    assert.equal(loadLastReport(env), undefined, 'nothing saved yet');
    assert.equal(saveLastReport(JSON_TEXT, undefined, env), undefined);
    const state = path.join(home, '.local/state/garrison');
    assert.equal(mode(path.join(home, '.local')), 0o700);
    assert.equal(mode(state), 0o700);
    assert.equal(mode(path.join(state, 'last-report.json')), 0o600);
    assert.deepEqual(loadLastReport(env), { file: path.join(state, 'last-report.json'), report: sampleReport() });
    const other = { ...sampleReport(), profile: 'sre' };
    assert.equal(saveLastReport(jsonReporter.render(other, { color: false, verbose: false, width: 100 }), undefined, env), undefined);
    assert.equal(loadLastReport(env)?.report.profile, 'sre');
    assert.deepEqual(fs.readdirSync(state), ['last-report.json'], 'no temporary file is left behind');
  });

  test('never writes inside the audited root, also through a symbolic link; / itself is no foreign root', () => {
    const root = path.join(dir, 'image');
    fs.mkdirSync(path.join(root, 'root'), { recursive: true });
    const inside = path.join(root, 'root/.local/state/garrison');
    const warning = saveLastReport(JSON_TEXT, root, { GARRISON_STATE_DIR: inside });
    assert.match(warning ?? '', /^garrison: warning: the report was not saved .*inside the audited root .*; set GARRISON_STATE_DIR to another directory, or use --no-save$/);
    assert.deepEqual(fs.readdirSync(path.join(root, 'root')), [], 'nothing created in the root');
    const link = path.join(dir, 'image-link');
    fs.symlinkSync(root, link);
    assert.match(saveLastReport(JSON_TEXT, link, { GARRISON_STATE_DIR: inside }) ?? '', /inside the audited root/);
    assert.match(saveLastReport(JSON_TEXT, root, { GARRISON_STATE_DIR: path.join(link, 'root/x') }) ?? '', /inside the audited root/);
    assert.deepEqual(fs.readdirSync(path.join(root, 'root')), []);
    const outside = path.join(dir, 'outside');
    assert.equal(saveLastReport(JSON_TEXT, root, { GARRISON_STATE_DIR: outside }), undefined);
    assert.equal(saveLastReport(JSON_TEXT, '/', { GARRISON_STATE_DIR: path.join(dir, 'slash') }), undefined);
    assert.ok(fs.existsSync(path.join(dir, 'slash/last-report.json')));
  });

  test('refuses a directory other users can write to or that is not a directory, and says why', () => {
    const open = path.join(dir, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    assert.match(saveLastReport(JSON_TEXT, undefined, { GARRISON_STATE_DIR: open }) ?? '', /open is writable by other users \(mode 0777\)/);
    assert.deepEqual(fs.readdirSync(open), []);
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    assert.match(saveLastReport(JSON_TEXT, undefined, { GARRISON_STATE_DIR: file }) ?? '', /a-file is not a directory/);
    assert.match(saveLastReport(JSON_TEXT, undefined, { GARRISON_STATE_DIR: path.join(file, 'sub') }) ?? '', /cannot write to .*a-file\/sub \(ENOTDIR\)/);
  });

  test('refuses a directory that belongs to another user, and root creates none in one', { skip: process.getuid?.() !== 0 ? 'needs root to give a directory away' : false }, () => {
    const theirs = path.join(dir, 'theirs');
    fs.mkdirSync(theirs, { mode: 0o700 });
    fs.chownSync(theirs, 65534, 65534);
    assert.match(unsafeStateDir(theirs, undefined) ?? '', /belongs to uid 65534, not to the user running garrison \(uid 0\)/);
    assert.match(saveLastReport(JSON_TEXT, undefined, { GARRISON_STATE_DIR: theirs }) ?? '', /belongs to uid 65534/);
    assert.deepEqual(fs.readdirSync(theirs), []);
    // Root with a user's HOME (sudo -E): nothing root-owned is created in the user's home.
    const home = path.join(dir, 'user-home');
    fs.mkdirSync(home, { mode: 0o755 });
    fs.chownSync(home, 65534, 65534);
    assert.match(saveLastReport(JSON_TEXT, undefined, { HOME: home }) ?? '', /\.local\/state\/garrison would be created in .*user-home, which belongs to uid 65534/);
    assert.deepEqual(fs.readdirSync(home), []);
  });

  test('a symbolic link in place of the report is replaced, its target left alone', () => {
    const state = path.join(dir, 'linked');
    fs.mkdirSync(state, { mode: 0o700 });
    const target = path.join(dir, 'precious');
    fs.writeFileSync(target, 'keep me');
    fs.symlinkSync(target, path.join(state, 'last-report.json'));
    assert.equal(saveLastReport(JSON_TEXT, undefined, { GARRISON_STATE_DIR: state }), undefined);
    assert.equal(fs.readFileSync(target, 'utf8'), 'keep me');
    assert.ok(fs.lstatSync(path.join(state, 'last-report.json')).isFile());
  });

  test('writeFileAtomic writes 0600; a failed write removes its temporary file and touches nothing else', () => {
    const state = path.join(dir, 'atomic');
    fs.mkdirSync(state, { mode: 0o700 });
    const file = path.join(state, 'last-report.json');
    writeFileAtomic(file, 'one');
    assert.equal(mode(file), 0o600);
    fs.mkdirSync(path.join(state, 'blocker'));
    assert.throws(() => writeFileAtomic(path.join(state, 'blocker'), 'two'));
    assert.equal(fs.readFileSync(file, 'utf8'), 'one');
    assert.deepEqual(fs.readdirSync(state).sort(), ['blocker', 'last-report.json'], 'the temporary file is removed');
  });

  test('a malformed saved report is the same clear error as a given one, naming the saved file', () => {
    const state = path.join(dir, 'broken');
    fs.mkdirSync(state, { mode: 0o700 });
    const file = path.join(state, 'last-report.json');
    for (const [text, why] of [
      [JSON_TEXT.slice(0, 100), /looks truncated/],
      ['{"runs": []}', /not a garrison report/],
      [JSON.stringify({ ...sampleReport(), schemaVersion: 99 }), /newer than this garrison supports/],
    ] as const) {
      fs.writeFileSync(file, text);
      assert.throws(
        () => loadLastReport({ GARRISON_STATE_DIR: state }),
        (err: unknown) => err instanceof GarrisonError && err.code === 'GARRISON_ERR_REPORT_INVALID' && err.exitCode === 2 && err.message.startsWith(`${file}: `) && why.test(err.message),
      );
    }
  });
});
