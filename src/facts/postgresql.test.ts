import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { pgDefault, pgListeners, redactHbaSource, splitListenAddresses } from './postgresql.ts';
import { parsePgHba, type HbaRecord } from '../parsers/pg-hba/parser.ts';

const FX = path.join(import.meta.dirname, '../rules/databases/fixtures');

async function pg(fixture: string) {
  const target = new RootDirTarget(path.join(FX, fixture));
  const store = new FactStore(target, await target.info(), defaultAuditOptions());
  return { pg: await store.get('postgresql'), diagnostics: store.diagnosticsOf('postgresql') };
}

test('Debian cluster: settings, conf.d, hba_file, version from the path', async () => {
  const { pg: facts, diagnostics } = await pg('pg-listen-addresses/fail-conf-d');
  assert.deepEqual(diagnostics, []);
  const c = facts.clusters[0]!;
  assert.equal(c.majorVersion, 15);
  assert.equal(c.hbaFile, '/etc/postgresql/15/main/pg_hba.conf');
  assert.equal(c.listenAddresses.value, 'localhost,0.0.0.0');
  assert.equal(c.listenAddresses.source?.file, '/etc/postgresql/15/main/conf.d/listen.conf');
  assert.equal(c.ssl.value, 'on');
  assert.deepEqual(facts.listens.map((l) => `${l.address}:${l.port}`), ['127.0.0.1:5432', '::1:5432', '0.0.0.0:5432']);
});

test('postgresql.auto.conf in the data directory wins', async () => {
  const { pg: facts } = await pg('pg-password-encryption/fail-auto-conf');
  assert.equal(facts.clusters[0]!.passwordEncryption.value, 'md5');
  assert.match(facts.clusters[0]!.passwordEncryption.source!.file, /postgresql\.auto\.conf$/);
});

test('@file lists and include_if_exists in pg_hba.conf are expanded', async () => {
  const at = (await pg('pg-hba-hostssl/fail-at-file-users')).pg.clusters[0]!.hba.at(-1)!;
  assert.deepEqual(at.users.map((u) => u.value), ['alice', 'bob']);
  const inc = (await pg('pg-hba-trust/fail-included-file')).pg.clusters[0]!.hba.at(-1)!;
  assert.equal(inc.source.file, '/etc/postgresql/15/main/local.conf');
});

test('defaults and listeners', () => {
  assert.equal(pgDefault('password_encryption', 13), 'md5');
  assert.equal(pgDefault('password_encryption', 16), 'scram-sha-256');
  assert.deepEqual(splitListenAddresses(" *, 10.0.0.1 "), ['*', '10.0.0.1']);
  assert.deepEqual(pgListeners(['*'], 5433, undefined).map((l) => [l.address, l.port, l.service]), [['*', 5433, 'postgresql']]);
});

test('secret options of pg_hba.conf records are removed from the quoted line', () => {
  const text = 'host all all 10.0.0.0/8 radius radiusservers="r1,r2" radiussecrets="S3cret,Other" # c\nhost all all 10.0.0.0/8 ldap ldapserver=x ldapbindpasswd=Pw1\n';
  const [a, b] = parsePgHba(text, 'f').model.entries as HbaRecord[];
  assert.equal(redactHbaSource(a!).text, 'host all all 10.0.0.0/8 radius radiusservers="r1,r2" radiussecrets=<redacted> # c');
  assert.equal(redactHbaSource(b!).text, 'host all all 10.0.0.0/8 ldap ldapserver=x ldapbindpasswd=<redacted>');
});
