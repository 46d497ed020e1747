import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AptConfig, aptBool, aptPartsFilter, parseAptConf } from './apt-conf.ts';

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

function configOf(...names: string[]): AptConfig {
  const c = new AptConfig();
  for (const n of names) {
    const { model, errors } = parseAptConf(fixture(n), n);
    assert.deepEqual(errors, [], n);
    c.apply(model.ops);
  }
  return c;
}

describe('parseAptConf', () => {
  test('20auto-upgrades and 50unattended-upgrades from Debian 12', () => {
    const c = configOf('50unattended-upgrades', '20auto-upgrades');
    assert.equal(c.get('APT::Periodic::Update-Package-Lists')?.value, '1');
    assert.equal(c.get('apt::periodic::unattended-upgrade')?.source.line, 2);
    const origins = c.list('Unattended-Upgrade::Origins-Pattern').map((v) => v.value);
    assert.deepEqual(origins, [
      'origin=Debian,codename=${distro_codename},label=Debian',
      'origin=Debian,codename=${distro_codename},label=Debian-Security',
      'origin=Debian,codename=${distro_codename}-security,label=Debian-Security',
    ]);
    assert.deepEqual(c.list('Unattended-Upgrade::Package-Blacklist'), []);
    // Commented-out options of the sample file stay unset.
    assert.equal(c.get('Unattended-Upgrade::Automatic-Reboot'), undefined);
  });

  test('nested scopes with # comments inside (01autoremove) and one-line scopes (70debconf)', () => {
    const c = configOf('01autoremove', '70debconf');
    assert.equal(c.list('APT::VersionedKernelPackages').length, 5);
    assert.equal(c.list('APT::NeverAutoRemove')[0]?.source.line, 5);
    assert.equal(c.list('DPkg::Pre-Install-Pkgs')[0]?.value, '/usr/sbin/dpkg-preconfigure --apt || true');
  });

  test('block comments, overrides, case, lists by :: and by scope, #clear, unquoted and split values', () => {
    const c = configOf('tricky.conf');
    assert.equal(c.get('APT::Periodic::Unattended-Upgrade')?.value, '1');
    assert.equal(c.get('APT::Periodic::Unattended-Upgrade')?.source.line, 4);
    assert.equal(c.get('APT::Periodic::AutocleanInterval')?.value, '7');
    assert.equal(c.get('Acquire::http::Proxy')?.value, 'http://proxy.example:3128/');
    assert.equal(c.list('Unattended-Upgrade::Origins-Pattern').length, 3);
    assert.deepEqual(c.list('Unattended-Upgrade::Package-Blacklist'), []);
    assert.equal(c.list('Dpkg::Options').length, 2);
    assert.equal(c.get('Words')?.value, 'two parts');
    assert.equal(c.get('Bare')?.value, 'value');
  });

  test('CRLF line ends', () => {
    const c = configOf('crlf.conf');
    assert.equal(c.get('APT::Periodic::Unattended-Upgrade')?.value, '1');
  });

  test('broken input: errors with lines, what parses still counts', () => {
    const { model, errors } = parseAptConf(fixture('broken.conf'), 'b');
    assert.deepEqual(
      errors.map((e) => e.line),
      [3, 5],
    );
    const c = new AptConfig();
    c.apply(model.ops);
    // A value then a scope: apt sets the value and opens a scope of that name.
    assert.equal(c.get('APT::Periodic::Enable')?.value, '1');
    assert.equal(c.list('APT::Periodic::Enable')[0]?.value, 'nameless');
    assert.equal(c.get('Open::Inner')?.value, 'v');
  });

  test('#include is reported, not followed', () => {
    const { model } = parseAptConf('#include "/etc/apt/other.conf";\n#clear APT::X;\n', 'f');
    assert.deepEqual(
      model.ops.map((o) => o.kind),
      ['include', 'clear'],
    );
  });

  test('huge input', () => {
    const text = 'A::B "1";\n'.repeat(200_000);
    const t = Date.now();
    assert.equal(parseAptConf(text, 'f').model.ops.length, 200_000);
    assert.ok(Date.now() - t < 3000);
  });
});

describe('helpers', () => {
  test('aptBool', () => {
    assert.equal(aptBool('1', false), true);
    assert.equal(aptBool('0', true), false);
    assert.equal(aptBool('true', false), true);
    assert.equal(aptBool('No', true), false);
    assert.equal(aptBool('maybe', true), true);
    assert.equal(aptBool(undefined, false), false);
  });
  test('aptPartsFilter keeps what apt reads, in C order', () => {
    const names = ['50unattended-upgrades', '20auto-upgrades', '50unattended-upgrades.ucf-dist', 'x.conf', 'old.dpkg-old', 'bad name', '.hidden', 'Z.conf'];
    assert.deepEqual(aptPartsFilter(names, 'conf', true), ['20auto-upgrades', '50unattended-upgrades', 'Z.conf', 'x.conf']);
    assert.deepEqual(aptPartsFilter(['a.list', 'b', 'c.sources', 'd.list.save'], 'list', false), ['a.list']);
  });
});

describe('property: no input crashes the parser', () => {
  test('random and line-structured input', () => {
    const lineArb = fc.oneof(
      fc.string(),
      fc.constantFrom('A {', '};', '}', '{', ';', '"x";', 'A::B "1";', '#clear A;', '/*', '*/', '//', '"', 'A::', '#include "x";'),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((ls) => ls.join('\n'))), (s) => {
        const n = Math.max(1, s.split('\n').length);
        const { model, errors } = parseAptConf(s, 'x');
        for (const op of model.ops) assert.ok(op.source.line >= 1 && op.source.line <= n);
        for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
        new AptConfig().apply(model.ops);
      }),
    );
  });
});

/** Parses `apt-config dump` output into values and lists. */
function parseDump(out: string): { values: Map<string, string>; lists: Map<string, string[]> } {
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const m = /^(\S+) "(.*)";$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    if (key.endsWith('::')) {
      const k = key.slice(0, -2);
      lists.set(k, [...(lists.get(k) ?? []), m[2]!]);
    } else values.set(key, m[2]!);
  }
  return { values, lists };
}

describe('differential: apt-config dump', () => {
  const aptConfig = ['/usr/bin/apt-config', '/bin/apt-config'].find((p) => existsSync(p));
  const skip = !aptConfig && !process.env.CI ? 'apt-config is not installed' : false;
  test('the same values and lists as apt itself', { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'garrison-aptconf-'));
    try {
      const parts = join(dir, 'parts');
      mkdirSync(parts);
      const files = ['01autoremove', '20auto-upgrades', '50unattended-upgrades', '70debconf', 'tricky.conf'];
      for (const f of files) copyFileSync(fixturePath(f), join(parts, f));
      writeFileSync(join(dir, 'main.conf'), `Dir::Etc::Parts "${parts}";\nDir::Etc::Main "/dev/null";\n`);
      const out = execFileSync(aptConfig!, ['dump'], { env: { ...process.env, APT_CONFIG: join(dir, 'main.conf') }, encoding: 'utf8' });
      const dump = parseDump(out);
      const ours = new AptConfig();
      const keys = new Set<string>();
      for (const f of aptPartsFilter(files, 'conf', true)) {
        const { model } = parseAptConf(fixture(f), f);
        ours.apply(model.ops);
        for (const op of model.ops) if (op.kind === 'set' || op.kind === 'append') keys.add(op.key.toLowerCase());
      }
      assert.ok(keys.size > 10);
      for (const k of keys) {
        assert.equal(ours.get(k)?.value ?? '', dump.values.get(k) ?? '', `value of ${k}`);
        assert.deepEqual(
          ours.list(k).map((v) => v.value),
          dump.lists.get(k) ?? [],
          `list ${k}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('random statements: apt and garrison accept the same files and read the same values', { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'garrison-aptconf-fuzz-'));
    try {
      mkdirSync(join(dir, 'parts'));
      writeFileSync(join(dir, 'main.conf'), `Dir::Etc::Parts "${join(dir, 'parts')}";\nDir::Etc::Main "/dev/null";\n`);
      const name = fc.constantFrom('Zz', 'Zz::A', 'Zz::B', 'zz::a', 'Qq');
      const piece = fc.oneof(
        name.map((n) => `${n} "v1";`),
        name.map((n) => `${n} v2;`),
        name.map((n) => `${n} {`),
        name.map((n) => `${n}:: "li";`),
        name.map((n) => `#clear ${n};`),
        name.map((n) => `${n} "a" "b";`),
        fc.constantFrom('};', '}', '"item";', '// c', '/* c */', '# c', ';', '/*', '*/'),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, oneLine) => {
          const text = `${pieces.join(oneLine ? ' ' : '\n')}\n`;
          writeFileSync(join(dir, 'parts', 't.conf'), text);
          const { model, errors } = parseAptConf(text, 't.conf');
          let out: string;
          try {
            out = execFileSync(aptConfig!, ['dump'], { env: { ...process.env, APT_CONFIG: join(dir, 'main.conf') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          } catch {
            assert.ok(errors.length > 0, `apt rejects, garrison accepts:\n${text}`);
            return;
          }
          assert.deepEqual(errors, [], `garrison rejects, apt accepts:\n${text}`);
          const ours = new AptConfig();
          ours.apply(model.ops);
          const dump = parseDump(out);
          for (const k of ['zz', 'zz::a', 'zz::b', 'qq']) {
            assert.equal(ours.get(k)?.value ?? '', dump.values.get(k) ?? '', `${k} in\n${text}`);
            assert.deepEqual(ours.list(k).map((v) => v.value), dump.lists.get(k) ?? [], `${k} in\n${text}`);
          }
        }),
        { numRuns: 100 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
