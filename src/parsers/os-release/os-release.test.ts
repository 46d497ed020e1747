import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseOsRelease } from './os-release.ts';

test('parses Debian 12 os-release', () => {
  const text = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
  const { model, errors } = parseOsRelease(text, '/etc/os-release');
  assert.deepEqual(errors, []);
  assert.equal(model.os.id, 'debian');
  assert.equal(model.os.versionId, '12');
  assert.equal(model.os.prettyName, 'Debian GNU/Linux 12 (bookworm)');
});

test('ID_LIKE splits, single quotes and comments, bad lines reported with line numbers', () => {
  const text = "# comment\r\nID=rocky\r\nID_LIKE='rhel centos fedora'\r\nnot a pair\r\n";
  const { model, errors } = parseOsRelease(text, 'f');
  assert.deepEqual(model.os.idLike, ['rhel', 'centos', 'fedora']);
  assert.deepEqual(errors, [{ file: 'f', line: 4, message: 'expected KEY=value' }]);
});

test('never throws and always returns a usable os', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const r = parseOsRelease(s, 'x');
      assert.equal(typeof r.model.os.id, 'string');
      for (const e of r.errors) assert.ok(e.line >= 1);
    }),
  );
});
