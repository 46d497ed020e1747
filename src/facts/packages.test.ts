import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFact, tempTree } from './_testing.ts';
import packagesFact, { usrAlias } from './packages.ts';

const collect = (files: Record<string, string>, links: Record<string, string> = {}) => collectFact(packagesFact, tempTree(files, links));

const STATUS = 'Package: util-linux\nStatus: install ok installed\nVersion: 2.38\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n\nPackage: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36\n';

test('installed packages, list files (multiarch names), diversions and merged /usr', async () => {
  const { facts, diagnostics } = await collect(
    {
      'var/lib/dpkg/status': STATUS,
      'var/lib/dpkg/info/util-linux.list': '/.\n/bin\n/bin/su\n/usr/bin/mount\n',
      'var/lib/dpkg/info/libc6:amd64.list': '/.\n/usr/lib/x86_64-linux-gnu/libc.so.6\n',
      'var/lib/dpkg/diversions': '/usr/bin/mount\n/usr/bin/mount.distrib\nmy-wrapper\n',
      'usr/bin/.keep': '',
    },
    { bin: 'usr/bin' },
  );
  assert.deepEqual(diagnostics, []);
  assert.equal(facts.dpkg, true);
  assert.deepEqual([...facts.installed.keys()], ['util-linux', 'libc6']);
  assert.equal(facts.usrMerged, true);
  assert.ok(facts.owns('/bin/su'));
  assert.ok(facts.owns('/usr/bin/su'), 'merged-/usr alias');
  assert.ok(facts.owns('/usr/bin/mount.distrib'), 'diversion target');
  assert.ok(facts.owns('/usr/lib/x86_64-linux-gnu/libc.so.6'));
  assert.ok(!facts.owns('/usr/local/bin/su'));
});

test('no dpkg database: nothing installed, nothing owned, no error', async () => {
  const { facts, diagnostics } = await collect({ 'etc/hostname': 'x\n' });
  assert.equal(facts.dpkg, false);
  assert.equal(facts.installed.size, 0);
  assert.equal(facts.owns('/bin/su'), false);
  assert.deepEqual(diagnostics, []);
});

test('usr aliases', () => {
  assert.equal(usrAlias('/usr/sbin/unix_chkpwd'), '/sbin/unix_chkpwd');
  assert.equal(usrAlias('/lib64/ld-linux-x86-64.so.2'), '/usr/lib64/ld-linux-x86-64.so.2');
  assert.equal(usrAlias('/usr/share/doc/x'), undefined);
  assert.equal(usrAlias('/binary'), undefined);
});
