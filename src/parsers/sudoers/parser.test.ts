import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseSudoers, stripComment, type SudoersEntry } from './sudoers.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');
const specs = (entries: SudoersEntry[]) => entries.filter((e): e is Extract<SudoersEntry, { kind: 'userSpec' }> => e.kind === 'userSpec');

describe('parseSudoers', () => {
  test('Debian 12 default: Defaults, root and %sudo, the includedir', () => {
    const { model, errors } = parseSudoers(readFileSync(join(dir, 'differential/debian12.sudoers'), 'utf8') + '\n@includedir /etc/sudoers.d\n', '/etc/sudoers');
    assert.deepEqual(errors, []);
    const defaults = model.entries.filter((e) => e.kind === 'defaults');
    assert.deepEqual(defaults.flatMap((d) => (d.kind === 'defaults' ? d.settings.map((s) => s.name) : [])), ['env_reset', 'mail_badpass', 'secure_path', 'use_pty']);
    const [root, sudo] = specs(model.entries);
    assert.deepEqual(sudo!.users, [{ value: '%sudo', negated: false }]);
    const cmd = sudo!.privileges[0]!.commands[0]!;
    assert.deepEqual([cmd.command, cmd.runas, cmd.tags], ['ALL', { users: [{ value: 'ALL', negated: false }], groups: [{ value: 'ALL', negated: false }] }, {}]);
    assert.equal(root!.source.line, 47);
    assert.equal(root!.source.text, 'root\tALL=(ALL:ALL) ALL');
    const inc = model.entries.at(-1)!;
    assert.deepEqual(inc.kind === 'include' && [inc.directory, inc.path], [true, '/etc/sudoers.d']);
  });

  test('tags and run-as lists carry over within a host section, not across', () => {
    const { model, errors } = parseSudoers(fixture('differential/complex.sudoers'), 'c');
    assert.deepEqual(errors, []);
    const ops = specs(model.entries).find((s) => s.users[0]!.value === 'OPS')!;
    const [web, db] = ops.privileges;
    assert.deepEqual(web!.commands.map((c) => [c.command, c.tags.PASSWD, c.runas?.users?.[0]?.value]), [
      ['PKG', false, 'root'],
      ['/usr/bin/systemctl restart nginx', true, 'root'],
    ]);
    assert.deepEqual(db!.hosts, [{ value: 'DB', negated: false }]);
    assert.deepEqual([db!.commands[0]!.tags, db!.commands[0]!.runas?.users?.[0]?.value], [{ EXEC: false }, 'DBA']);
  });

  test('user forms: %group, %#gid, %:group, #uid, +netgroup, quoted names, negation', () => {
    const { model } = parseSudoers(fixture('differential/complex.sudoers'), 'c');
    const admins = model.entries.find((e) => e.kind === 'alias' && e.name === 'ADMINS');
    assert.deepEqual(admins?.kind === 'alias' && admins.members, [
      { value: 'alice', negated: false },
      { value: '%domain admins', negated: false },
      { value: '%#1000', negated: false },
      { value: 'mallory', negated: true },
    ]);
    const users = specs(model.entries).map((s) => s.users.map((u) => u.value).join(','));
    assert.ok(users.includes('%:nonunix'));
    const ops = model.entries.find((e) => e.kind === 'alias' && e.name === 'OPS');
    assert.deepEqual(ops?.kind === 'alias' && ops.members.map((m) => m.value), ['bob', '#1002', '+netops']);
  });

  test('run-as forms: none, (:group), (), (users : groups)', () => {
    const { model } = parseSudoers('carol ALL = (:adm) /usr/bin/tail\ndave ALL = () /usr/bin/id\nerin ALL = /bin/ls\nfrank ALL = (root, www-data : adm) /bin/ls\n', 'r');
    assert.deepEqual(
      specs(model.entries).map((s) => s.privileges[0]!.commands[0]!.runas),
      [
        { users: null, groups: [{ value: 'adm', negated: false }] },
        { users: [], groups: null },
        null,
        { users: [{ value: 'root', negated: false }, { value: 'www-data', negated: false }], groups: [{ value: 'adm', negated: false }] },
      ],
    );
  });

  test('commands: escapes, digests, options, negation, sudoedit', () => {
    const { model, errors } = parseSudoers(fixture('differential/complex.sudoers'), 'c');
    assert.deepEqual(errors, []);
    const cmds = specs(model.entries).flatMap((s) => s.privileges.flatMap((p) => p.commands));
    const find = (prefix: string) => cmds.find((c) => c.command.startsWith(prefix))!;
    assert.equal(find('/usr/bin/printf').command, '/usr/bin/printf a,b:c=d');
    assert.equal(find('/usr/local/bin/backup').digest, 'sha256');
    assert.deepEqual(find('/usr/bin/php').options, { TIMEOUT: '5m' });
    assert.equal(find('sudoedit').command, 'sudoedit /etc/hosts');
    assert.equal(cmds.find((c) => c.command === 'SHELLS')!.negated, true);
  });

  test('comments: # starts one anywhere but in #uid, %#gid and escapes; quotes protect only Defaults values', () => {
    assert.equal(stripComment('bob ALL = /bin/echo a#b, /bin/x'), 'bob ALL = /bin/echo a');
    assert.equal(stripComment('#1000 ALL = ALL # note'), '#1000 ALL = ALL ');
    assert.equal(stripComment('%#27 ALL = ALL'), '%#27 ALL = ALL');
    assert.equal(stripComment('bob ALL = /bin/echo a\\#b'), 'bob ALL = /bin/echo a\\#b');
    assert.equal(stripComment('Defaults env_keep="A#B" # c', true), 'Defaults env_keep="A#B" ');
    const { model } = parseSudoers('bob ALL = /bin/y "a#b"\n', 'q');
    assert.equal(specs(model.entries)[0]!.privileges[0]!.commands[0]!.command, '/bin/y "a');
  });

  test('every include form', () => {
    const { model, errors } = parseSudoers(fixture('includes.sudoers'), 'i');
    assert.deepEqual(
      model.entries.map((e) => (e.kind === 'include' ? [e.directory, e.path, e.source.line] : null)),
      [
        [false, '/etc/sudoers.local', 2],
        [false, '/etc/sudoers.d/%h', 3],
        [true, '/etc/sudoers.d', 4],
        [true, '/etc/sudo rules', 5],
        [false, 'relative/file', 6],
        [false, '/etc/with space', 7],
      ],
    );
    assert.deepEqual(errors.map((e) => e.line), [10]);
  });

  test('broken lines are reported with their line and the rest is read (as visudo does)', () => {
    const { model, errors } = parseSudoers(fixture('broken.sudoers'), 'b');
    assert.deepEqual(errors.map((e) => e.line), [2, 4, 5, 6, 7, 8, 9, 11, 12, 13]);
    assert.ok(errors.every((e) => e.message.startsWith('syntax error')));
    assert.deepEqual(specs(model.entries).map((s) => s.source.line), [3, 10]);
  });

  test('CRLF and continuation lines', () => {
    const { model, errors } = parseSudoers(fixture('crlf.sudoers'), 'crlf');
    assert.deepEqual(errors, []);
    const sudo = specs(model.entries)[1]!;
    assert.equal(sudo.source.line, 3);
    assert.equal(sudo.privileges[0]!.commands[0]!.command, 'ALL');
  });

  test('a large file stays fast', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `user${i} ALL = (root) NOPASSWD: /usr/bin/cmd${i} --flag, /bin/other${i} # c`).join('\n');
    const t = Date.now();
    const { model, errors } = parseSudoers(text, 'big');
    assert.equal(errors.length, 0);
    assert.equal(model.entries.length, 20_000);
    assert.ok(Date.now() - t < 3000);
  });
});

const word = fc.constantFrom('ALL', 'root', '%sudo', '%#27', '#1000', 'bob', 'ADMINS', '+net', '"%a b"', '!bob', 'web1', '/bin/ls', '/usr/bin/vi /etc/x', 'sudoedit /etc/y', 'sha256:abcd /bin/z');
const punct = fc.constantFrom(' ', ',', ':', '=', '(', ')', '!', '\\', '\\\n', '#', '"', 'NOPASSWD:', 'PASSWD: ', 'NOEXEC:', 'TIMEOUT=1m ', '\t', '\n');
const lineish = fc.array(fc.oneof(word, punct), { maxLength: 25 }).map((a) => a.join(''));
const statement = fc.oneof(
  lineish,
  fc.tuple(fc.constantFrom('Defaults', 'Defaults:', 'Defaults!', 'Defaults@', 'Defaults>', 'User_Alias ', 'Cmnd_Alias ', 'Host_Alias ', 'Runas_Alias ', '@include ', '#includedir ', '@includedir '), lineish).map(([a, b]) => a + b),
);

describe('parseSudoers properties', () => {
  test('never throws and keeps entries and errors well formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(statement, { maxLength: 12 }).map((l) => l.join('\n'))), (text) => {
        const { model, errors } = parseSudoers(text, 'f');
        const lines = text.split('\n').length;
        for (const e of errors) assert.ok(e.file === 'f' && e.line >= 1 && e.line <= lines && e.message.length > 0);
        for (const e of model.entries) {
          assert.ok(e.source.line >= 1 && e.source.line <= lines);
          if (e.kind === 'userSpec') {
            assert.ok(e.users.length > 0 && e.privileges.length > 0);
            for (const p of e.privileges) {
              assert.ok(p.hosts.length > 0 && p.commands.length > 0);
              for (const c of p.commands) assert.ok(c.command.length > 0 && !c.command.includes('\n'));
            }
          }
          if (e.kind === 'defaults') assert.ok(e.settings.length > 0 && e.settings.every((s) => /^[A-Za-z_]\w*$/.test(s.name)));
          if (e.kind === 'alias') assert.ok(/^[A-Z][A-Z0-9_]*$/.test(e.name) && e.members.length > 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
