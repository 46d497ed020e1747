import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPresent, parseDpkgDiversions, parseDpkgList, parseDpkgStatus } from './dpkg.ts';

const STATUS = `Package: login
Essential: yes
Status: install ok installed
Priority: required
Architecture: amd64
Source: shadow
Version: 1:4.13+dfsg1-1+b1
Description: system login tools
 This package provides some required infrastructure for logins.
 .
 It also contains su.

Package: oldpkg
Status: deinstall ok config-files
Version: 1.0

Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: glibc (2.36-9+deb12u10)
Version: 2.36-9+deb12u10
`;

test('status stanzas with continuation lines', () => {
  const { model, errors } = parseDpkgStatus(STATUS, '/var/lib/dpkg/status');
  assert.deepEqual(errors, []);
  assert.deepEqual(model.map((p) => [p.name, p.line, isPresent(p)]), [
    ['login', 1, true],
    ['oldpkg', 13, false],
    ['libc6', 17, true],
  ]);
  assert.equal(model[0]?.source, 'shadow');
  assert.equal(model[2]?.source, 'glibc');
  assert.equal(model[0]?.version, '1:4.13+dfsg1-1+b1');
});

test('broken status: missing Package, bad Status, CRLF', () => {
  const { model, errors } = parseDpkgStatus('Version: 1\r\n\r\nPackage: x\r\nStatus: install ok\r\n not a field\r\nnofield\r\n', 's');
  assert.equal(model.length, 1);
  assert.equal(model[0]?.status, null);
  assert.deepEqual(
    errors.map((e) => e.line).sort((a, b) => a - b),
    [1, 3, 6],
  );
});

test('list files and diversions', () => {
  const list = parseDpkgList('/.\n/usr\n/usr/bin\n/usr/bin/passwd\n/usr/share/doc/passwd/\nrelative\n', 'passwd.list');
  assert.deepEqual(list.model, ['/usr', '/usr/bin', '/usr/bin/passwd', '/usr/share/doc/passwd']);
  assert.equal(list.errors[0]?.line, 6);
  const div = parseDpkgDiversions('/bin/sh\n/bin/sh.distrib\ndash\n/usr/bin/x\n/usr/bin/x.real\n:\n/a\n', 'diversions');
  assert.deepEqual(div.model.map((d) => [d.from, d.to, d.by]), [
    ['/bin/sh', '/bin/sh.distrib', 'dash'],
    ['/usr/bin/x', '/usr/bin/x.real', null],
  ]);
  assert.equal(div.errors.length, 1);
});

test('never throws', () => {
  const lineArb = fc.oneof(fc.string(), fc.constantFrom('Package: a', 'Status: install ok installed', '', ' cont', '/usr/bin/x', ':'));
  const input = fc.oneof(fc.string(), fc.array(lineArb).map((l) => l.join('\n')));
  fc.assert(
    fc.property(input, (s) => {
      for (const p of parseDpkgStatus(s, 'x').model) assert.ok(p.name.length > 0);
      for (const p of parseDpkgList(s, 'x').model) assert.ok(p.startsWith('/'));
      for (const d of parseDpkgDiversions(s, 'x').model) assert.ok(d.from.startsWith('/'));
    }),
  );
});
