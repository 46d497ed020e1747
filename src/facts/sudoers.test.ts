import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { collectFact, tempTree } from './_testing.ts';
import sudoers, { includedirAccepts, resolveIncludePath } from './sudoers.ts';

const collect = (dir: string) => collectFact(sudoers, dir);

describe('sudoers fact', () => {
  test('includes in sudo\'s order: in place, includedir in byte order, names with "." or "~" skipped', async () => {
    const dir = tempTree({
      'etc/hostname': 'web1.example.org\n',
      'etc/sudoers': 'root ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n#include /etc/sudoers.%h\nzed ALL = ALL\n',
      'etc/sudoers.d/b-second': 'bob ALL = ALL\n@include nested/inner\n',
      'etc/sudoers.d/Zfirst': 'zoe ALL = ALL\n',
      'etc/sudoers.d/nested/inner': 'ivan ALL = ALL\n',
      'etc/sudoers.d/README': '# only comments\n',
      'etc/sudoers.d/skip.conf': 'mallory ALL = ALL\n',
      'etc/sudoers.d/skip~': 'mallory ALL = ALL\n',
      'etc/sudoers.web1': 'hostuser ALL = ALL\n',
    });
    execFileSync('mkfifo', [path.join(dir, 'etc/sudoers.d/fifo')]);
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(facts.files.map((f) => f.path), [
      '/etc/sudoers',
      '/etc/sudoers.d/README',
      '/etc/sudoers.d/Zfirst',
      '/etc/sudoers.d/b-second',
      '/etc/sudoers.d/nested/inner',
      '/etc/sudoers.web1',
    ]);
    assert.deepEqual(facts.grants.map((g) => g.principals[0]!.name), ['root', 'zoe', 'bob', 'ivan', 'hostuser', 'zed']);
    assert.equal(facts.files[4]!.includedFrom!.text, '@include nested/inner');
    assert.deepEqual(facts.dirs.map((d) => [d.path, d.role]), [['/etc/sudoers.d', 'includedir'], ['/etc', 'parent'], ['/etc/sudoers.d/nested', 'parent']]);
  });

  test('aliases expanded, run-as root decided, other hosts told apart', async () => {
    const dir = tempTree({
      'etc/hostname': 'db1\n',
      'etc/sudoers': [
        'Defaults runas_default=operator',
        'User_Alias ADMINS = alice, %wheel, !mallory, TEAM',
        'User_Alias TEAM = %#1000, +ops',
        'Runas_Alias ROOTS = root',
        'Cmnd_Alias EVERYTHING = ALL',
        'Cmnd_Alias NOT_SU = !/usr/bin/su',
        'Host_Alias DBS = db1, db2',
        'ADMINS DBS = (ROOTS) NOPASSWD: EVERYTHING, !NOT_SU',
        'carol web1 = (root) ALL',
        'dave ALL = /usr/bin/id',
        'erin ALL = (www-data) ALL',
        'frank ALL = (ALL, !root) ALL',
      ].join('\n'),
    });
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(diagnostics, []);
    const [all, su, carol, dave, erin, frank] = facts.grants;
    assert.deepEqual(all!.principals.map((p) => `${p.negated ? '!' : ''}${p.kind}:${p.name}`), ['user:alice', 'group:wheel', '!user:mallory', 'gid:1000', 'netgroup:ops']);
    assert.deepEqual([all!.allCommands, all!.nopasswd, all!.runsAsRoot, all!.appliesHere], [true, true, true, true]);
    assert.deepEqual(su!.expanded, [{ command: '/usr/bin/su', negated: false }], 'a negated alias of a negated command');
    assert.equal(carol!.appliesHere, false);
    assert.equal(dave!.runsAsRoot, false, 'runas_default is operator');
    assert.equal(erin!.runsAsRoot, false);
    assert.equal(frank!.runsAsRoot, false);
    assert.equal(facts.aliases.Cmnd_Alias.get('EVERYTHING')!.source.line, 5);
  });

  test('include loops, missing files and unreadable includes are reported, never followed forever', async () => {
    const dir = tempTree(
      {
        'etc/sudoers': '@include /etc/sudoers.d/a\n@include /etc/missing\n@includedir /etc/no-such-dir\n@include /etc/loop\n',
        'etc/sudoers.d/a': '@include /etc/sudoers.d/b\n',
        'etc/sudoers.d/b': '@include /etc/sudoers.d/a\nbob ALL = ALL\n',
      },
      { 'etc/loop': '/etc/loop' },
    );
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(facts.files.map((f) => f.path), ['/etc/sudoers', '/etc/sudoers.d/a', '/etc/sudoers.d/b']);
    assert.equal(facts.grants.length, 1);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.line]),
      [['/etc/sudoers.d/b', 1], ['/etc/sudoers', 2], ['/etc/loop', undefined]],
    );
    assert.match(diagnostics[0]!.message, /include loop/);
    assert.match(diagnostics[1]!.message, /does not exist/);
  });

  test('a link in sudoers.d is resolved inside the audited root', async () => {
    const dir = tempTree(
      { 'etc/sudoers': '@includedir /etc/sudoers.d\n', 'srv/rules': 'bob ALL = ALL\n' },
      { 'etc/sudoers.d/linked': '/srv/rules', 'etc/sudoers.d/outside': '../../../../../../../../etc/passwd' },
    );
    const { facts } = await collect(dir);
    assert.deepEqual(facts.files.map((f) => f.path), ['/etc/sudoers', '/etc/sudoers.d/linked']);
  });

  test('no sudo: not present, no diagnostics', async () => {
    const { facts, diagnostics } = await collect(tempTree({ 'etc/hostname': 'h\n' }));
    assert.deepEqual([facts.present, facts.files, diagnostics], [false, [], []]);
  });

  test('include path resolution and includedir names', () => {
    assert.equal(resolveIncludePath('/etc/sudoers.%h', '/etc/sudoers', 'web1.example.org'), '/etc/sudoers.web1');
    assert.equal(resolveIncludePath('extra', '/etc/sudoers.d/x', 'h'), '/etc/sudoers.d/extra');
    assert.equal(resolveIncludePath('/etc/100%%', '/etc/sudoers', 'h'), '/etc/100%');
    assert.deepEqual(['README', 'admins', 'x.conf', 'x~', '.hidden', '90-cloud-init-users'].map(includedirAccepts), [true, true, false, false, false, true]);
  });
});
