/**
 * Several output formats at once: `--format FORMAT[:FILE],...` and `--output FILE`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GarrisonError } from '../core/errors.ts';
import { ReportSchema } from '../core/report-schema.ts';
import { parseOutputs } from './emit.ts';
import { REPO as repo } from './testing.ts';

describe('parseOutputs', () => {
  test('one format, to standard output or to --output, as before', () => {
    assert.deepEqual(parseOutputs({ format: 'terminal' }), [{ format: 'terminal', file: undefined }]);
    assert.deepEqual(parseOutputs({ format: 'json', output: 'r.json' }), [{ format: 'json', file: 'r.json' }]);
    assert.deepEqual(parseOutputs({ format: 'json', output: '-' }), [{ format: 'json', file: undefined }]);
  });

  test('several formats, each with its own file; --output is the file of the one without', () => {
    assert.deepEqual(parseOutputs({ format: 'terminal, sarif:out/g.sarif,junit:g.xml' }), [
      { format: 'terminal', file: undefined },
      { format: 'sarif', file: 'out/g.sarif' },
      { format: 'junit', file: 'g.xml' },
    ]);
    assert.deepEqual(parseOutputs({ format: 'json,markdown:-', output: 'r.json' }), [
      { format: 'json', file: 'r.json' },
      { format: 'markdown', file: undefined },
    ]);
    assert.deepEqual(parseOutputs({ format: 'terminal:-,json', output: 'r.json' }), [
      { format: 'terminal', file: undefined },
      { format: 'json', file: 'r.json' },
    ]);
    assert.deepEqual(parseOutputs({ format: 'sarif:C:x.sarif' }), [{ format: 'sarif', file: 'C:x.sarif' }], 'only the first colon separates');
  });

  test('usage errors say what to do', () => {
    const cases: [Parameters<typeof parseOutputs>[0], RegExp][] = [
      [{ format: 'pdf' }, /unknown --format "pdf": use one of terminal, json, sarif, junit, markdown, html/],
      [{ format: ',' }, /--format expects FORMAT or FORMAT:FILE/],
      [{ format: 'sarif:' }, /give a file name after the colon, e.g. sarif:garrison.sarif/],
      [{ format: 'json,sarif' }, /only one format can go to standard output, not json and sarif/],
      [{ format: 'json,sarif', output: 'x' }, /--output names one file but 2 formats have none: give each its own, e.g. --format json:garrison.json,sarif:garrison.sarif/],
      [{ format: 'json:a.json', output: 'b.json' }, /every format already names its own file/],
      [{ format: 'json:r,sarif:./r' }, /two formats would be written to \.\/r/],
    ];
    for (const [o, msg] of cases) {
      assert.throws(
        () => parseOutputs(o),
        (err: unknown) => err instanceof GarrisonError && err.code === 'GARRISON_ERR_USAGE' && msg.test(err.message),
        JSON.stringify(o),
      );
    }
  });
});

describe('garrison audit with several formats', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-outputs-'));
    fs.mkdirSync(path.join(dir, 'root/etc/ssh'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'root/etc/hostname'), 'outputs-test\n');
    fs.writeFileSync(path.join(dir, 'root/etc/ssh/sshd_config'), 'PermitRootLogin yes\nPasswordAuthentication yes\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes each format to its own private file and the terminal report to standard output', () => {
    const f = (name: string) => path.join(dir, name);
    // The CLI from source (the bundle is tested by cli.test.ts; rebuilding it here could race with that test).
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'src/cli/bin.ts'), 'audit', '--root', f('root'), '--family', 'ssh', '--no-progress', '-f', `terminal:-,sarif:${f('g.sarif')},junit:${f('g.xml')},markdown:${f('g.md')},json`, '-o', f('g.json')],
      { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /Summary: \d+ failing/);
    for (const name of ['g.sarif', 'g.xml', 'g.md', 'g.json']) {
      assert.equal(fs.statSync(f(name)).mode & 0o777, 0o600, name);
      assert.match(r.stderr, new RegExp(`report written to ${f(name).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    }
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(f('g.json'), 'utf8')));
    const sarif = JSON.parse(fs.readFileSync(f('g.sarif'), 'utf8')) as { runs: { results: unknown[]; originalUriBaseIds: { ROOT: { uri: string } } }[] };
    assert.equal(sarif.runs[0]!.results.length, report.summary.byStatus.fail);
    assert.equal(sarif.runs[0]!.originalUriBaseIds.ROOT.uri, `${new URL(`file://${f('root')}`).href}/`);
    assert.match(fs.readFileSync(f('g.xml'), 'utf8'), new RegExp(`<testsuites name="garrison" tests="${report.summary.total}" failures="${report.summary.byStatus.fail}"`));
    assert.match(fs.readFileSync(f('g.md'), 'utf8'), /^## garrison audit of outputs-test/);
  });
});
