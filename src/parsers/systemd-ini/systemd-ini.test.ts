import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { lastValue, listValue, parseSystemdIni } from './systemd-ini.ts';
import { daemonConfigLocations, orderDropIns, unitLocations } from './dropins.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseSystemdIni', () => {
  test('reads the tmp.mount unit shipped by Debian', () => {
    const { model, errors } = parseSystemdIni(fixture('tmp.mount'), '/usr/share/systemd/tmp.mount');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.sections, ['Unit', 'Mount', 'Install']);
    const opts = lastValue([model], 'Mount', 'Options');
    assert.equal(opts?.value, 'mode=1777,strictatime,nosuid,nodev,size=50%%,nr_inodes=1m');
    assert.equal(opts?.source.line, 25);
    assert.equal(listValue([model], 'Unit', 'Documentation').length, 3);
  });

  test('journald.conf with everything commented out has no entries', () => {
    const { model, errors } = parseSystemdIni(fixture('journald.conf'), 'journald.conf');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.sections, ['Journal']);
    assert.equal(model.entries.length, 0);
  });

  test('CRLF line ends', () => {
    const { model, errors } = parseSystemdIni(fixture('coredump-crlf.conf'), 'c');
    assert.deepEqual(errors, []);
    assert.equal(lastValue([model], 'Coredump', 'Storage')?.value, 'none');
    assert.equal(lastValue([model], 'Coredump', 'ProcessSizeMax')?.source.line, 4);
  });

  test('broken input: errors with line numbers, continuation across a comment, unterminated continuation', () => {
    const { model, errors } = parseSystemdIni(fixture('broken.conf'), 'b');
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 2, 3, 4],
    );
    const storage = lastValue([model], 'Coredump', 'Storage');
    assert.equal(storage?.value, 'external    trailing');
    assert.equal(storage?.source.line, 6);
    assert.equal(lastValue([model], 'Coredump', 'ExecStart')?.value, 'a');
  });

  test('an escaped backslash at the end is not a continuation', () => {
    const { model } = parseSystemdIni('[A]\nX=a\\\\\nY=b\n', 'f');
    assert.equal(lastValue([model], 'A', 'X')?.value, 'a\\\\');
    assert.equal(lastValue([model], 'A', 'Y')?.value, 'b');
  });

  test('single values: last wins across files; lists: append, empty assignment resets', () => {
    const main = parseSystemdIni('[S]\nStorage=external\nEnv=a\nEnv=b\n', 'main').model;
    const d1 = parseSystemdIni('[S]\nStorage=none\nEnv=\nEnv=c\n', 'd1').model;
    const d2 = parseSystemdIni('[S]\nEnv=d\n', 'd2').model;
    assert.equal(lastValue([main, d1, d2], 'S', 'Storage')?.value, 'none');
    assert.deepEqual(
      listValue([main, d1, d2], 'S', 'Env').map((e) => e.value),
      ['c', 'd'],
    );
    assert.equal(lastValue([main], 'Other', 'Storage'), undefined);
  });

  test('byte order mark and whitespace around =', () => {
    const { model, errors } = parseSystemdIni('\uFEFF[Coredump]\n  Storage =  none  \n', 'f');
    assert.deepEqual(errors, []);
    assert.equal(lastValue([model], 'Coredump', 'Storage')?.value, 'none');
  });

  test('huge input stays linear and bounded', () => {
    const text = `[A]\n${'K=v\n'.repeat(200_000)}X=${'\\\n'.repeat(10)}end\n`;
    const t = Date.now();
    const { model } = parseSystemdIni(text, 'f');
    assert.equal(model.entries.length, 200_001);
    assert.ok(Date.now() - t < 2000);
    const long = parseSystemdIni(`[A]\nX=${'a'.repeat(1024 * 1024 + 10)}\n`, 'f');
    assert.equal(long.model.entries.length, 0);
    assert.equal(long.errors.length, 1);
  });

  test('never throws; entries always have a section, a key and a valid line', () => {
    const lineArb = fc.oneof(
      fc.string(),
      fc.constantFrom('[Coredump]', '[', ']', '#c', ';c', '=', 'K=', 'K=v \\', '\\', '[A]]', ' Key = v'),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((ls) => ls.join('\n'))), (s) => {
        const n = s.split('\n').length;
        const { model, errors } = parseSystemdIni(s, 'x');
        for (const e of model.entries) {
          assert.ok(e.key.length > 0);
          assert.equal(typeof e.section, 'string');
          assert.ok(e.source.line >= 1 && e.source.line <= n);
        }
        for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      }),
    );
  });
});

describe('drop-ins', () => {
  test('same-named drop-in: /etc masks /run masks /usr/lib; order by file name', () => {
    const { dropInDirs } = daemonConfigLocations('coredump.conf');
    const found = [
      '/usr/lib/systemd/coredump.conf.d/50-vendor.conf',
      '/usr/lib/systemd/coredump.conf.d/10-a.conf',
      '/run/systemd/coredump.conf.d/50-vendor.conf',
      '/etc/systemd/coredump.conf.d/10-a.conf',
      '/etc/systemd/coredump.conf.d/99-local.conf',
      '/etc/systemd/coredump.conf.d/notes.txt',
      '/usr/lib/systemd/coredump.conf.d/20-b.conf',
    ];
    assert.deepEqual(orderDropIns(found, dropInDirs), [
      '/etc/systemd/coredump.conf.d/10-a.conf',
      '/usr/lib/systemd/coredump.conf.d/20-b.conf',
      '/run/systemd/coredump.conf.d/50-vendor.conf',
      '/etc/systemd/coredump.conf.d/99-local.conf',
    ]);
  });

  test('unit locations include /etc first and /lib last', () => {
    const loc = unitLocations('tmp.mount');
    assert.equal(loc.mains[0], '/etc/systemd/system/tmp.mount');
    assert.equal(loc.dropInDirs.at(-1), '/lib/systemd/system/tmp.mount.d');
    assert.deepEqual(orderDropIns(['/elsewhere/x.conf'], loc.dropInDirs), []);
  });
});
