import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { collectFact, tempTree } from './_testing.ts';
import accounts, { classifyShell, findUser, groupMembers, passwordUsable } from './accounts.ts';

const collect = (dir: string) => collectFact(accounts, dir);

const SHA512 = '$6$fixturesalt$rRRuGD4biKd.VAxOVCYPLbVI3NMJQWFaNmwvlUUS9WIFEMadC9ySRWCivv0a2ygYj5zestf0Mqao4JqKEMeK41';

describe('accounts fact', () => {
  test('joins passwd and shadow the way pam_unix reads them', async () => {
    const dir = tempTree({
      'etc/passwd': [
        'root:x:0:0:root:/root:/bin/bash',
        'alice:x:1000:1000::/home/alice:/bin/bash',
        'ghost:x:1001:1001::/home/ghost:/bin/bash',
        `legacy:${SHA512}:1002:1002::/home/legacy:/bin/sh`,
        'open::1003:1003::/home/open:/bin/sh',
        'gone:x:1004:1004::/home/gone:/bin/bash',
      ].join('\n'),
      'etc/shadow': `root:*:19737:0:99999:7:::\nalice:${SHA512}:19737:0:99999:7:::\nlegacy:!:19737::::::\nopen:!:19737::::::\ngone:${SHA512}:19000:0:99999:7::19001:\n`,
    });
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(diagnostics, []);
    const state = (n: string) => findUser(facts, n)!.password.state;
    assert.deepEqual(['root', 'alice', 'ghost', 'legacy', 'open'].map(state), ['disabled', 'hash', 'disabled', 'hash', 'empty']);
    assert.equal(findUser(facts, 'legacy')!.passwordSource.file, '/etc/passwd');
    assert.equal(findUser(facts, 'alice')!.passwordSource.file, '/etc/shadow');
    assert.equal(findUser(facts, 'gone')!.expired, true);
    assert.equal(findUser(facts, 'alice')!.expired, false);
    assert.ok(passwordUsable(findUser(facts, 'open')!.password));
    assert.doesNotMatch(JSON.stringify(facts), /fixturesalt|rRRuGD4b/, 'no hash anywhere in the fact');
  });

  test('groups: listed and primary members; service accounts from login.defs and NONEXISTENT', async () => {
    const dir = tempTree({
      'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nsvc:x:600:600::/var/lib/svc:/usr/sbin/nologin\nbob:x:700:100::/home/bob:/bin/bash\nnohome:x:800:800::/none:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n',
      'etc/group': 'root:x:0:\nusers:x:100:alice\ndocker:x:999:bob,carol\nsvc:x:600:\n',
      'etc/gshadow': 'docker:!:bob:bob,carol\n',
      'etc/login.defs': 'UID_MIN 650\nUID_MAX 60000\nNONEXISTENT /none\n',
    });
    const { facts } = await collect(dir);
    const users = facts.groups.find((g) => g.name === 'users')!;
    assert.deepEqual(groupMembers(users), ['bob', 'alice']);
    assert.deepEqual(facts.groups.find((g) => g.name === 'docker')!.administrators, ['bob']);
    assert.deepEqual(findUser(facts, 'bob')!.groups, ['users', 'docker']);
    assert.deepEqual(facts.users.map((u) => [u.name, u.system]), [['root', false], ['svc', true], ['bob', false], ['nohome', true], ['nobody', true]]);
    assert.equal(facts.ranges.uidMin, 650);
  });

  test('a home of / is a home; large account files are joined in linear time', async () => {
    const n = 50_000;
    const passwd = ['kiosk:x:1000:1000::/:/bin/sh', ...Array.from({ length: n }, (_, i) => `u${i}:x:${2000 + i}:${2000 + i}::/home/u${i}:/bin/bash`)].join('\n');
    const shadow = Array.from({ length: n }, (_, i) => `u${i}:!:19737:0:99999:7:::`).join('\n');
    const group = Array.from({ length: n }, (_, i) => `g${i}:x:${2000 + i}:u${(i + 1) % n}`).join('\n');
    const t = Date.now();
    const { facts } = await collect(tempTree({ 'etc/passwd': passwd, 'etc/shadow': shadow, 'etc/group': group }));
    assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
    assert.equal(findUser(facts, 'kiosk')!.system, false);
    assert.deepEqual(findUser(facts, 'u1')!.groups, ['g1', 'g0']);
    assert.equal(findUser(facts, 'u7')!.password.state, 'locked');
  });

  test('login shells: /etc/shells, nologin variants, single-command shells, empty field', () => {
    const shells = ['/bin/sh', '/bin/bash', '/usr/bin/tmux'];
    const cases: [string, string][] = [
      ['/bin/bash', 'shell'], ['', 'shell'], ['/usr/bin/tmux', 'shell'], ['/usr/bin/zsh', 'shell'],
      ['/usr/sbin/nologin', 'nologin'], ['/sbin/nologin', 'nologin'], ['/bin/false', 'nologin'], ['/dev/null', 'nologin'],
      ['/bin/sync', 'command'], ['/usr/bin/git-shell', 'command'], ['/opt/app/console', 'other'],
    ];
    for (const [shell, kind] of cases) assert.equal(classifyShell(shell, shells), kind, shell);
  });

  test('a tree without account files: not present, no diagnostics', async () => {
    const { facts, diagnostics } = await collect(tempTree({ 'etc/hostname': 'x\n' }));
    assert.equal(facts.present, false);
    assert.deepEqual([facts.users, facts.groups, facts.shells], [[], [], null]);
    assert.ok(facts.files.every((f) => f.info === null));
    assert.deepEqual(diagnostics, []);
  });

  test('hostile tree: a FIFO as shadow, a link loop as group, passwd linked inside the root, a broken line', async () => {
    const dir = tempTree(
      { 'etc/passwd.real': 'root:x:0:0:root:/root:/bin/bash\nbroken:x:nope:1::/:/bin/sh\n' },
      { 'etc/passwd': '/etc/passwd.real', 'etc/group': '../../../../../../etc/group' },
    );
    execFileSync('mkfifo', [path.join(dir, 'etc/shadow')]);
    const { facts, diagnostics } = await collect(dir);
    assert.deepEqual(facts.users.map((u) => u.name), ['root']);
    assert.deepEqual(facts.groups, [], '"../../.." stops at the root: the link points at itself');
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.line]),
      [['/etc/passwd', 2], ['/etc/shadow', undefined], ['/etc/group', undefined]],
    );
    assert.match(diagnostics[1]!.message, /cannot read/);
  });
});
