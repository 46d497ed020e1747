import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isAptTrue, optionValue, parseAptDeb822Sources, parseAptSourcesList } from './apt-sources.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('one-line sources.list', () => {
  test('the sources.list written by the Debian 12 installer', () => {
    const { model, errors } = parseAptSourcesList(fixture('debian12-netinst.list'), '/etc/apt/sources.list');
    assert.deepEqual(errors, []);
    assert.equal(model.entries.length, 6);
    const sec = model.entries[2]!;
    assert.deepEqual(sec.types, ['deb']);
    assert.deepEqual(sec.uris, ['http://security.debian.org/debian-security']);
    assert.deepEqual(sec.suites, ['bookworm-security']);
    assert.deepEqual(sec.components, ['main', 'non-free-firmware']);
    assert.equal(sec.source.line, 6);
    assert.equal(model.entries[1]!.types[0], 'deb-src');
  });

  test('options, trailing comments, cdrom URIs with blanks, flat repositories', () => {
    const { model, errors } = parseAptSourcesList(fixture('third-party.list'), '/etc/apt/sources.list.d/x.list');
    assert.deepEqual(errors, []);
    assert.equal(model.entries.length, 4);
    const [docker, trusted, insecure, cdrom] = model.entries;
    assert.equal(optionValue(docker!, 'signed-by')?.value, '/etc/apt/keyrings/docker.asc');
    assert.equal(optionValue(docker!, 'arch')?.value, 'amd64');
    assert.equal(optionValue(trusted!, 'trusted')?.value, 'yes');
    assert.deepEqual(trusted!.suites, ['./']);
    assert.deepEqual(trusted!.components, []);
    assert.equal(insecure!.options[0]!.op, '+=');
    assert.equal(optionValue(insecure!, 'allow-insecure')?.source.line, 3);
    assert.deepEqual(insecure!.components, ['main']);
    assert.ok(cdrom!.uris[0]!.startsWith('cdrom:[Debian GNU/Linux 12.5.0'));
    assert.deepEqual(cdrom!.suites, ['bookworm']);
  });

  test('CRLF line ends', () => {
    const { model, errors } = parseAptSourcesList(fixture('crlf.list'), 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.entries.map((e) => e.components),
      [['main'], ['main']],
    );
  });

  test('broken lines are errors with line numbers; good lines still count', () => {
    const { model, errors } = parseAptSourcesList(fixture('broken.list'), 'b');
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(model.entries.length, 2);
    assert.equal(model.entries[1]!.source.line, 8);
  });
});

describe('deb822 .sources', () => {
  test('ubuntu.sources of Ubuntu 24.04', () => {
    const { model, errors } = parseAptDeb822Sources(fixture('ubuntu.sources'), '/etc/apt/sources.list.d/ubuntu.sources');
    assert.deepEqual(errors, []);
    assert.equal(model.entries.length, 2);
    const main = model.entries[0]!;
    assert.equal(main.format, 'deb822');
    assert.deepEqual(main.suites, ['noble', 'noble-updates', 'noble-backports']);
    assert.equal(optionValue(main, 'signed-by')?.value, '/usr/share/keyrings/ubuntu-archive-keyring.gpg');
    assert.equal(main.source.line, 7);
    assert.equal(main.enabled, true);
  });

  test('embedded key block, Enabled: no, Trusted', () => {
    const { model, errors } = parseAptDeb822Sources(fixture('embedded-key.sources'), 'e');
    assert.deepEqual(errors, []);
    const [keyed, off] = model.entries;
    assert.deepEqual(keyed!.types, ['deb', 'deb-src']);
    assert.ok(optionValue(keyed!, 'signed-by')!.value.includes('BEGIN PGP PUBLIC KEY BLOCK'));
    assert.equal(off!.enabled, false);
    assert.ok(isAptTrue(optionValue(off!, 'trusted')!.value));
  });

  test('broken stanzas', () => {
    const { model, errors } = parseAptDeb822Sources(fixture('broken.sources'), 'b');
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 2, 6, 7],
    );
    assert.equal(model.entries.length, 1);
    assert.deepEqual(model.entries[0]!.types, ['deb']);
  });

  test('field names are case-insensitive', () => {
    const { model } = parseAptDeb822Sources('types: deb\nuris: http://x/\nsuites: s\ncomponents: c\nsigned-by: /k.gpg\n', 'f');
    assert.equal(optionValue(model.entries[0]!, 'signed-by')?.value, '/k.gpg');
  });

  test('huge input', () => {
    const text = 'deb http://deb.debian.org/debian bookworm main\n'.repeat(100_000);
    const t = Date.now();
    assert.equal(parseAptSourcesList(text, 'f').model.entries.length, 100_000);
    const d = 'Types: deb\nURIs: http://x/\nSuites: s\nComponents: c\n\n'.repeat(20_000);
    assert.equal(parseAptDeb822Sources(d, 'f').model.entries.length, 20_000);
    assert.ok(Date.now() - t < 3000);
  });
});

describe('property: no input crashes the parsers', () => {
  const lineArb = fc.oneof(
    fc.string(),
    fc.constantFrom('deb', 'deb-src', '[', ']', '"', '#', 'Types: deb', 'URIs: x', 'Suites: s', ' x', '', 'deb [a=b] u s c'),
  );
  const input = fc.oneof(fc.string(), fc.array(lineArb).map((ls) => ls.join('\n')));
  test('one-line format', () => {
    fc.assert(
      fc.property(input, (s) => {
        const n = Math.max(1, s.split('\n').length);
        const { model, errors } = parseAptSourcesList(s, 'x');
        for (const e of model.entries) {
          assert.ok(e.uris.length === 1 && e.suites.length === 1);
          assert.ok(e.source.line >= 1 && e.source.line <= n);
        }
        for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      }),
    );
  });
  test('deb822 format', () => {
    fc.assert(
      fc.property(input, (s) => {
        const n = Math.max(1, s.split('\n').length);
        const { model, errors } = parseAptDeb822Sources(s, 'x');
        for (const e of model.entries) {
          assert.ok(e.uris.length > 0 && e.suites.length > 0);
          assert.ok(e.source.line >= 1 && e.source.line <= n);
        }
        for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      }),
    );
  });
});
