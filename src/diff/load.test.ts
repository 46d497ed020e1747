import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { GarrisonError } from '../core/errors.ts';
import { REPORT_SCHEMA_VERSION } from '../core/report-schema.ts';
import { loadReport, parseReportText } from './load.ts';

const VALID = {
  schemaVersion: REPORT_SCHEMA_VERSION,
  tool: { name: 'garrison', version: '0.1.0' },
  target: { kind: 'root-dir', root: '/srv/img', hostname: 'web1', os: null },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12,
  summary: {
    total: 0,
    byStatus: { fail: 0, error: 0, pass: 0, skip: 0, waived: 0 },
    failingBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
    score: 100,
  },
  findings: [],
  errors: [],
};

/** Asserts that `fn` throws a GarrisonError GARRISON_ERR_REPORT_INVALID (exit 2) whose message matches. */
function rejects(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GarrisonError, `not a GarrisonError: ${String(err)}`);
    assert.equal(err.code, 'GARRISON_ERR_REPORT_INVALID');
    assert.equal(err.exitCode, 2);
    assert.match(err.message, message);
    return true;
  });
}

describe('parseReportText', () => {
  test('accepts a valid report', () => {
    assert.equal(parseReportText(JSON.stringify(VALID), 'r.json').target.hostname, 'web1');
  });

  test('truncated, empty and non-JSON text name the file and say what is wrong', () => {
    const text = JSON.stringify(VALID);
    rejects(() => parseReportText(text.slice(0, text.length / 2), 'half.json'), /^half\.json: the file looks truncated/);
    rejects(() => parseReportText('', 'empty.json'), /^empty\.json: the file is empty/);
    rejects(() => parseReportText('<html>', 'page.json'), /^page\.json: the file is not valid JSON/);
  });

  test("another tool's JSON is not a garrison report", () => {
    const sarif = { version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [{ tool: { driver: { name: 'trivy' } } }] };
    rejects(() => parseReportText(JSON.stringify(sarif), 'scan.sarif'), /^scan\.sarif: not a garrison report/);
    rejects(() => parseReportText('[1,2,3]', 'list.json'), /not a garrison report/);
    rejects(() => parseReportText('null', 'null.json'), /not a garrison report/);
    rejects(() => parseReportText('{"diffVersion":1,"warnings":[]}', 'd.json'), /^d\.json: is the output of `garrison diff`, not a report/);
  });

  test('a newer schema version says which version is supported', () => {
    rejects(
      () => parseReportText(JSON.stringify({ ...VALID, schemaVersion: REPORT_SCHEMA_VERSION + 1 }), 'future.json'),
      new RegExp(`report schema version ${REPORT_SCHEMA_VERSION + 1} is newer than this garrison supports \\(version ${REPORT_SCHEMA_VERSION}\\)`),
    );
    rejects(() => parseReportText(JSON.stringify({ ...VALID, schemaVersion: 'one' }), 'odd.json'), /unsupported report schema version "one"/);
  });

  test('a report that breaks the schema names the first offending field', () => {
    const bad = { ...VALID, findings: [{ ruleId: 'x' }] };
    rejects(() => parseReportText(JSON.stringify(bad), 'edited.json'), /^edited\.json: not a valid garrison report \(findings\[0\]\.family: /);
  });

  test('property: arbitrary text never throws anything but GarrisonError', () => {
    const valid = JSON.stringify(VALID);
    const texts = fc.oneof(
      fc.string(),
      fc.json(),
      fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
      fc.jsonValue().map((v) => JSON.stringify({ ...VALID, findings: [v] })),
      fc.jsonValue().map((v) => JSON.stringify({ ...VALID, schemaVersion: v })),
      fc.string().map((s) => `{"tool":{"name":"garrison"},"schemaVersion":${REPORT_SCHEMA_VERSION}${s}`),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          parseReportText(text, 'f.json');
        } catch (err) {
          assert.ok(err instanceof GarrisonError, `threw ${String(err)}`);
          assert.equal(err.code, 'GARRISON_ERR_REPORT_INVALID');
          assert.ok(err.message.startsWith('f.json: '));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('loadReport', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-load-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads a report file, also with a byte-order mark', () => {
    const file = path.join(dir, 'bom.json');
    fs.writeFileSync(file, `\uFEFF${JSON.stringify(VALID)}`);
    assert.equal(loadReport(file).summary.score, 100);
  });

  test('a missing file, a directory and a FIFO are refused with the file named', () => {
    rejects(() => loadReport(path.join(dir, 'nope.json')), /nope\.json: cannot read the report \(ENOENT\)/);
    rejects(() => loadReport(dir), /is a directory/);
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    rejects(() => loadReport(fifo), /fifo: is not a regular file/);
  });

  test('an unreadable file is refused with the file named', { skip: process.getuid?.() === 0 ? 'root reads every file' : false }, () => {
    const file = path.join(dir, 'secret.json');
    fs.writeFileSync(file, JSON.stringify(VALID), { mode: 0o000 });
    rejects(() => loadReport(file), /secret\.json: cannot read the report \(EACCES\)/);
  });
});
