import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeSysctlKey, parseSysctl, sysctlKeyToPath } from './sysctl.ts';

test('Debian procps 99-protect-links.conf', () => {
  const text = '###################################################################\n# Protected links\n#\nfs.protected_fifos = 1\nfs.protected_hardlinks = 1\nfs.protected_regular = 2\nfs.protected_symlinks = 1\n';
  const { model, errors } = parseSysctl(text, '/usr/lib/sysctl.d/99-protect-links.conf');
  assert.deepEqual(errors, []);
  assert.deepEqual(
    model.assignments.map((a) => [a.key, a.value, a.source.line]),
    [
      ['fs.protected_fifos', '1', 4],
      ['fs.protected_hardlinks', '1', 5],
      ['fs.protected_regular', '2', 6],
      ['fs.protected_symlinks', '1', 7],
    ],
  );
});

test('separators, - prefix, globs, exclusions, ; comments, CRLF, values with blanks', () => {
  const text = [
    '; comment',
    'kernel/yama/ptrace_scope=2\r',
    '-kernel.kptr_restrict = 1',
    'net.ipv4.conf.*.rp_filter = 2',
    '-net.ipv4.conf.lo.rp_filter',
    'net/ipv4/conf/eth0.100/forwarding = 0',
    'kernel.core_pattern = |/bin/false  ',
    'net.ipv4.tcp_rmem = 4096 87380 6291456',
    'garbage line',
    '= 3',
  ].join('\n');
  const { model, errors } = parseSysctl(text, 'f');
  assert.deepEqual(
    errors.map((e) => e.line),
    [9, 10],
  );
  const [ptrace, kptr, glob, fwd, core, rmem] = model.assignments;
  assert.equal(ptrace?.key, 'kernel.yama.ptrace_scope');
  assert.equal(ptrace?.value, '2');
  assert.equal(kptr?.ignoreErrors, true);
  assert.equal(kptr?.key, 'kernel.kptr_restrict');
  assert.equal(glob?.glob, true);
  assert.equal(fwd?.key, 'net.ipv4.conf.eth0/100.forwarding');
  assert.equal(core?.value, '|/bin/false');
  assert.equal(rmem?.value, '4096 87380 6291456');
  assert.deepEqual(model.exclusions.map((e) => e.key), ['net.ipv4.conf.lo.rp_filter']);
});

test('key forms round-trip to /proc/sys paths', () => {
  assert.equal(normalizeSysctlKey('kernel.yama.ptrace_scope'), 'kernel.yama.ptrace_scope');
  assert.equal(normalizeSysctlKey('/kernel/yama/ptrace_scope'), 'kernel.yama.ptrace_scope');
  assert.equal(sysctlKeyToPath('net.ipv4.conf.eth0/100.forwarding'), 'net/ipv4/conf/eth0.100/forwarding');
});

test('huge input', () => {
  const { model } = parseSysctl('vm.swappiness = 10\n'.repeat(100_000), 'f');
  assert.equal(model.assignments.length, 100_000);
});

test('never throws; keys are non-empty without blanks', () => {
  const lineArb = fc.oneof(fc.string(), fc.constantFrom('a.b = 1', '-a.b', '-', '=', '#', ' ; x', 'a/b.c=2', 'a.* = 1'));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((l) => l.join('\n'))), (s) => {
      const { model, errors } = parseSysctl(s, 'x');
      for (const a of model.assignments) {
        assert.ok(a.key.length > 0 && !/\s/.test(a.key));
        assert.ok(a.source.line >= 1);
      }
      for (const e of errors) assert.ok(e.line >= 1);
    }),
  );
});
