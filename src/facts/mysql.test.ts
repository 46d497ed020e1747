import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { materialize, fixtureVariants } from '../rules/fixtures.ts';

async function mysql(rule: string, variant: string) {
  const v = fixtureVariants('databases', rule).find((x) => x.name === variant)!;
  const dir = materialize(v.dir, v.spec, fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-my-')));
  try {
    const target = new RootDirTarget(dir);
    const store = new FactStore(target, await target.info(), defaultAuditOptions());
    return { my: await store.get('mysql'), diagnostics: store.diagnosticsOf('mysql') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('Debian MariaDB layout: my.cnf -> mariadb.cnf -> !includedir, last file wins', async () => {
  const { my, diagnostics } = await mysql('mysql-bind-address', 'fail-later-file-overrides');
  assert.deepEqual(diagnostics, []);
  assert.equal(my.flavor, 'mariadb');
  assert.equal(my.options.get('bind_address')?.value, '::');
  assert.ok(my.files.indexOf('/etc/mysql/mariadb.conf.d/50-server.cnf') < my.files.indexOf('/etc/mysql/mariadb.conf.d/90-remote.cnf'));
  assert.deepEqual(my.listens.map((l) => `${l.address}:${l.port}`), ['*:3306']);
});

test('skip-networking: no listener; skip- prefix turns a boolean off', async () => {
  assert.deepEqual((await mysql('mysql-bind-address', 'pass-skip-networking')).my.listens, []);
  assert.equal((await mysql('mysql-local-infile', 'pass-skip-prefix')).my.options.get('local_infile')?.value, '0');
});
