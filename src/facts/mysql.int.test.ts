/**
 * Option-file resolution against MariaDB's own reader: for each fixture tree,
 * `my_print_defaults` (MariaDB's client tools) lists the options of the server groups in
 * the order the server reads them, through !include and !includedir; the mysql fact must
 * list the same options with the same values in the same order.
 *
 * The trees name /etc/mysql/... absolutely, so they are copied and those paths rewritten
 * to the copy (symbolic links included) before my_print_defaults reads them.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { fixtureVariants } from '../rules/fixtures.ts';
import { normalizeOptionName } from '../parsers/mysql-cnf/parser.ts';

const TOOL = '/usr/bin/my_print_defaults';
const skip = !fs.existsSync(TOOL) && !process.env.CI ? `${TOOL} not installed (apt-get install mariadb-client-core or mariadb-server)` : false;
const GROUPS = ['mysqld', 'server', 'mariadb', 'mariadbd', 'mysqld-10.11', 'server-10.11', 'mariadb-10.11', 'mariadbd-10.11'];
const TREES: [string, string][] = [
  ['mysql-bind-address', 'fail-later-file-overrides'],
  ['mysql-bind-address', 'pass-skip-networking'],
  ['mysql-skip-grant-tables', 'fail'],
  ['mysql-local-infile', 'pass-skip-prefix'],
  ['mysql-local-infile', 'fail-explicit'],
];
const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function relocate(src: string, dst: string): void {
  fs.cpSync(src, dst, { recursive: true, verbatimSymlinks: true, filter: (p) => path.basename(p) !== '_fixture.json' });
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isSymbolicLink()) {
        const link = fs.readlinkSync(p);
        if (path.isAbsolute(link)) {
          fs.unlinkSync(p);
          fs.symlinkSync(path.join(dst, link), p);
        }
      } else if (e.isDirectory()) walk(p);
      else fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replaceAll('/etc/mysql/', `${dst}/etc/mysql/`));
    }
  };
  walk(dst);
}

describe('my.cnf resolution matches my_print_defaults', { skip }, () => {
  for (const [rule, variant] of TREES) {
    test(`${rule}/${variant}`, async () => {
      const v = fixtureVariants('databases', rule).find((x) => x.name === variant)!;
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-mycnf-'));
      temps.push(copy);
      relocate(v.dir, copy);
      const main = ['etc/my.cnf', 'etc/mysql/my.cnf'].map((p) => path.join(copy, p)).find((p) => fs.existsSync(p))!;
      const res = spawnSync(TOOL, [`--defaults-file=${main}`, ...GROUPS], { encoding: 'utf8', timeout: 20000 });
      assert.equal(res.status, 0, res.stderr);
      const theirs = res.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const m = /^--([^=]+)(?:=(.*))?$/.exec(l)!;
          return `${normalizeOptionName(m[1]!)}=${m[2] ?? ''}`;
        });

      const target = new RootDirTarget(v.dir);
      const store = new FactStore(target, await target.info(), defaultAuditOptions());
      const my = await store.get('mysql');
      assert.deepEqual(store.diagnosticsOf('mysql'), []);
      assert.deepEqual(my.serverOptions.map((o) => `${o.name}=${o.value ?? ''}`), theirs);
    });
  }
});
