import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Target } from '../target/target.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { parseSysctl } from '../parsers/sysctl/sysctl.ts';
import { collectFact, LiveRootDirTarget, tempTree } from './_testing.ts';
import sysctlFact, { resolveSysctl } from './sysctl.ts';

const collect = (target: Target) => collectFact(sysctlFact, target);

test('systemd-sysctl precedence: /etc masks /run masks /usr/lib masks /lib, then file-name order', async () => {
  const dir = tempTree({
    'usr/lib/systemd/systemd-sysctl': '',
    'lib/sysctl.d/50-a.conf': 'x.y = 9\n',
    'usr/lib/sysctl.d/50-a.conf': 'x.y = 1\n',
    'run/sysctl.d/50-a.conf': 'x.y = 3\n',
    'etc/sysctl.d/50-a.conf': 'x.y = 2\nbroken line\n',
    'usr/lib/sysctl.d/60-b.conf': 'x.y = 4\n',
    'etc/sysctl.conf': 'x.y = 5\n',
  });
  const { facts, diagnostics } = await collect(new RootDirTarget(dir));
  assert.equal(facts.appliedBy, 'systemd-sysctl');
  assert.deepEqual(facts.files, ['/etc/sysctl.d/50-a.conf', '/usr/lib/sysctl.d/60-b.conf']);
  const v = facts.get('x.y');
  assert.equal(v.configured?.value, '4');
  assert.equal(v.live, undefined);
  assert.deepEqual(diagnostics.map((d) => [d.path, d.line]), [['/etc/sysctl.d/50-a.conf', 2]]);
});

test('without systemd-sysctl, procps applies /etc/sysctl.conf last; Debian link counts once in order', async () => {
  const procps = await collect(new RootDirTarget(tempTree({ 'etc/sysctl.conf': 'x.y = 5\n', 'etc/sysctl.d/99-zz.conf': 'x.y = 1\n' })));
  assert.equal(procps.facts.appliedBy, 'procps');
  assert.equal(procps.facts.get('x.y').configured?.value, '5');
  const linked = await collect(
    new RootDirTarget(tempTree({ 'usr/lib/systemd/systemd-sysctl': '', 'etc/sysctl.conf': 'x.y = 5\n', 'etc/sysctl.d/99-zz.conf': 'x.y = 1\n' }, { 'etc/sysctl.d/99-sysctl.conf': '../sysctl.conf' })),
  );
  assert.equal(linked.facts.get('x.y').configured?.value, '1');
  assert.equal(linked.facts.get('x.y').configured?.source.file, '/etc/sysctl.d/99-zz.conf');
});

test('a name masked with a link to /dev/null applies nothing and is not an error', async () => {
  const { facts, diagnostics } = await collect(
    new RootDirTarget(tempTree({ 'usr/lib/systemd/systemd-sysctl': '', 'usr/lib/sysctl.d/50-coredump.conf': 'fs.suid_dumpable=2\n' }, { 'etc/sysctl.d/50-coredump.conf': '/dev/null' })),
  );
  assert.equal(facts.get('fs.suid_dumpable').configured, null);
  assert.deepEqual(diagnostics, []);
});

test('live values come from /proc/sys; a missing parameter is null', async () => {
  const dir = tempTree({ 'proc/sys/kernel/kptr_restrict': '1\n', 'proc/sys/fs/suid_dumpable': '0\n', 'etc/sysctl.d/10-a.conf': 'kernel.kptr_restrict = 2\n' });
  const { facts } = await collect(new LiveRootDirTarget(dir));
  assert.equal(facts.live, true);
  assert.deepEqual(facts.get('kernel.kptr_restrict').live, '1');
  assert.equal(facts.get('kernel.kptr_restrict').configured?.value, '2');
  assert.equal(facts.get('kernel.yama.ptrace_scope').live, null);
});

test('globs: explicit keys win whatever their order, exclusions keep a key out of globs', () => {
  const a = parseSysctl('net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.lo.rp_filter\n', 'a').model;
  const b = parseSysctl('net.ipv4.conf.eth0.rp_filter = 1\nnet.ipv4.conf.*.rp_filter = 0\n', 'b').model;
  assert.equal(resolveSysctl([a, b], 'net.ipv4.conf.eth0.rp_filter')?.value, '1');
  assert.equal(resolveSysctl([a, b], 'net.ipv4.conf.eth1.rp_filter')?.value, '0');
  assert.equal(resolveSysctl([a, b], 'net.ipv4.conf.lo.rp_filter'), null);
  assert.equal(resolveSysctl([a], 'kernel.sysrq'), null);
});
