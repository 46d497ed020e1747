/**
 * Differential test: garrison's sudoers parser against sudo's own, through
 * `cvtsudoers -f json` (sudo package). Each fixture under fixtures/differential is valid
 * for `visudo -c`; both readings are flattened to one row per (user spec, host section,
 * command) and compared, with Defaults and User_Aliases.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSudoers, type SudoersEntry, type SudoersItem } from './sudoers.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/differential');
const CVTSUDOERS = ['/usr/bin/cvtsudoers', '/usr/sbin/cvtsudoers'].find((p) => existsSync(p));
const VISUDO = ['/usr/sbin/visudo', '/usr/bin/visudo'].find((p) => existsSync(p));
const missing = !CVTSUDOERS || !VISUDO ? 'sudo is not installed (apt-get install sudo)' : false;
if (missing && process.env.CI) throw new Error(`${missing}: required in CI`);

interface Row {
  users: string[];
  hosts: string[];
  runasUsers: string[] | null;
  runasGroups: string[] | null;
  authenticate: boolean | null;
  noexec: boolean | null;
  command: string;
  negated: boolean;
  digest: string | null;
}

type CvtItem = Record<string, unknown> & { negated?: boolean };
const PREFIX: Record<string, string> = { usergroup: '%', usergid: '%#', userid: '#', netgroup: '+', nonunixgroup: '%:' };

/** One cvtsudoers list item in sudoers syntax (`%group`, `#uid`, `!name`). */
function cvtItem(item: CvtItem, groupList = false): string {
  const [kind, value] = Object.entries(item).find(([k]) => k !== 'negated')!;
  const prefix = groupList && kind === 'usergroup' ? '' : (PREFIX[kind] ?? '');
  return `${item.negated ? '!' : ''}${prefix}${String(value)}`;
}

interface CvtSpec {
  User_List: CvtItem[];
  Host_List: CvtItem[];
  Cmnd_Specs: { runasusers?: CvtItem[]; runasgroups?: CvtItem[]; Options?: Record<string, unknown>[]; Commands: (CvtItem & { command?: string; cmndalias?: string })[] }[];
}

function fromCvtsudoers(json: { User_Specs?: CvtSpec[] }): Row[] {
  const rows: Row[] = [];
  for (const spec of json.User_Specs ?? []) {
    for (const cs of spec.Cmnd_Specs) {
      const opts = Object.assign({}, ...(cs.Options ?? [])) as Record<string, unknown>;
      for (const c of cs.Commands) {
        const digest = ['sha224', 'sha256', 'sha384', 'sha512'].find((d) => d in c) ?? null;
        rows.push({
          users: spec.User_List.map((i) => cvtItem(i)),
          hosts: spec.Host_List.map((i) => cvtItem(i)),
          runasUsers: cs.runasusers ? cs.runasusers.map((i) => cvtItem(i)) : null,
          runasGroups: cs.runasgroups ? cs.runasgroups.map((i) => cvtItem(i, true)) : null,
          authenticate: typeof opts.authenticate === 'boolean' ? opts.authenticate : null,
          noexec: typeof opts.noexec === 'boolean' ? opts.noexec : null,
          command: (c.command ?? c.cmndalias)!,
          negated: c.negated === true,
          digest,
        });
      }
    }
  }
  return rows;
}

const show = (items: SudoersItem[]) => items.map((i) => `${i.negated ? '!' : ''}${i.value}`);

function fromGarrison(entries: SudoersEntry[]): Row[] {
  const rows: Row[] = [];
  for (const e of entries) {
    if (e.kind !== 'userSpec') continue;
    for (const p of e.privileges) {
      for (const c of p.commands) {
        rows.push({
          users: show(e.users),
          hosts: show(p.hosts),
          // sudo writes the empty run-as list "()" as one empty user name.
          runasUsers: c.runas?.users ? (c.runas.users.length === 0 ? [''] : show(c.runas.users)) : null,
          runasGroups: c.runas?.groups ? show(c.runas.groups) : null,
          authenticate: c.tags.PASSWD ?? null,
          noexec: c.tags.EXEC === undefined ? null : !c.tags.EXEC,
          command: c.command,
          negated: c.negated,
          digest: c.digest ?? null,
        });
      }
    }
  }
  return rows;
}

describe('sudoers parser against cvtsudoers', { skip: missing }, () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sudoers'));
  test('there are fixtures', () => assert.ok(files.length >= 4));
  for (const f of files) {
    test(f, () => {
      const path = join(dir, f);
      execFileSync(VISUDO!, ['-c', '-q', '-f', path]);
      const json = JSON.parse(execFileSync(CVTSUDOERS!, ['-f', 'json', path], { encoding: 'utf8' })) as {
        User_Specs?: CvtSpec[];
        Defaults?: { Binding?: CvtItem[]; Options: Record<string, unknown>[] }[];
        User_Aliases?: Record<string, CvtItem[]>;
      };
      const { model, errors } = parseSudoers(readFileSync(path, 'utf8'), path);
      assert.deepEqual(errors, []);
      assert.deepEqual(fromGarrison(model.entries), fromCvtsudoers(json));

      const ours = model.entries.flatMap((e) =>
        e.kind === 'defaults' ? [{ binding: show(e.bindings), names: e.settings.map((s) => `${s.negated ? '!' : ''}${s.name}`) }] : [],
      );
      const theirs = (json.Defaults ?? []).map((d) => ({
        binding: (d.Binding ?? []).map((i) => cvtItem(i)),
        names: d.Options.map((o) => {
          const name = Object.keys(o).find((k) => k !== 'operation')!;
          return `${o[name] === false ? '!' : ''}${name}`;
        }),
      }));
      assert.deepEqual(ours, theirs);

      const aliases = Object.fromEntries(
        model.entries.flatMap((e) => (e.kind === 'alias' && e.type === 'User_Alias' ? [[e.name, show(e.members)]] : [])),
      );
      assert.deepEqual(aliases, Object.fromEntries(Object.entries(json.User_Aliases ?? {}).map(([k, v]) => [k, v.map((i) => cvtItem(i))])));
    });
  }
});
