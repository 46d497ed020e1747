/**
 * The pg_hba.conf parser against PostgreSQL itself: a throw-away cluster (initdb in a
 * temporary directory, Unix socket only, no TCP) reads each fixture through the
 * pg_hba_file_rules view, and garrison must find the same records (type, databases, users,
 * address, netmask, method, options) and report errors on the same lines.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parsePgHba, type HbaRecord } from './parser.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((b) => fs.existsSync(path.join(b, 'postgres')));
const uidOf = (name: string): { uid: number; gid: number } | null => {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
};
const pgUser = uidOf('postgres');
const reason = !BIN ? 'PostgreSQL server binaries not installed (apt-get install postgresql)' : !pgUser ? 'no postgres account' : process.getuid?.() !== 0 ? 'needs root to run the server as postgres' : null;
const skip = reason && !process.env.CI ? reason : false;

let dir = '';
let data = '';
const asPostgres = (cmd: string, args: string[], extra: SpawnSyncOptions = {}) =>
  spawnSync(path.join(BIN!, cmd), args, { uid: pgUser!.uid, gid: pgUser!.gid, encoding: 'utf8', timeout: 60000, env: { PATH: '/usr/bin:/bin', LANG: 'C' }, ...extra });

interface Row {
  line_number: number;
  type: string | null;
  database: string[] | null;
  user_name: string[] | null;
  address: string | null;
  netmask: string | null;
  auth_method: string | null;
  options: string[] | null;
  error: string | null;
}

function rules(hba: string): Row[] {
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), hba);
  fs.chownSync(path.join(data, 'pg_hba.conf'), pgUser!.uid, pgUser!.gid);
  const q = 'SELECT coalesce(json_agg(r ORDER BY line_number), \'[]\') FROM (SELECT line_number, type, database, user_name, address, netmask, auth_method, options, error FROM pg_hba_file_rules) r';
  const res = asPostgres('psql', ['-h', dir, '-p', '54329', '-U', 'postgres', '-d', 'postgres', '-Atc', q]);
  assert.equal(res.status, 0, String(res.stderr));
  return JSON.parse(String(res.stdout)) as Row[];
}

/** How PostgreSQL shows a parsed record, for comparison. */
function view(r: HbaRecord): Omit<Row, 'error'> {
  const names = (ts: HbaRecord['databases']) => ts.map((t) => t.value);
  const isIp = r.address !== undefined && /^[0-9a-fA-F:.]+(\/\d+)?$/.test(r.address);
  const opts = Object.entries(r.options).map(([k, v]) => `${k}=${v}`);
  return {
    line_number: r.source.line,
    type: r.type,
    database: names(r.databases),
    user_name: names(r.users),
    address: r.address === undefined ? null : isIp ? r.address.replace(/\/\d+$/, '') : r.address,
    netmask: null,
    auth_method: r.method,
    options: opts.length > 0 ? opts : null,
  };
}

describe('pg_hba.conf parser agrees with PostgreSQL', { skip }, () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-pg-'));
    fs.chownSync(dir, pgUser!.uid, pgUser!.gid);
    data = path.join(dir, 'data');
    const init = asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    assert.equal(init.status, 0, String(init.stderr));
    const start = asPostgres('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', path.join(dir, 'log'), '-o', `-c listen_addresses='' -k ${dir} -p 54329`, 'start']);
    assert.equal(start.status, 0, `${start.stderr} ${fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : ''}`);
  });
  after(() => {
    if (data) asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['debian.conf', 'crlf.conf', 'server-accepted.conf', 'broken.conf']) {
    test(name, () => {
      const text = fs.readFileSync(path.join(FIX, name), 'utf8');
      // Errors about the test server's set-up (no SSL here), not about the syntax, count as records.
      const theirs = rules(text).map((r) => (r.error && /because SSL is disabled/.test(r.error) ? { ...r, error: null } : r));
      const ours = parsePgHba(text, name);
      const theirErrors = theirs.filter((r) => r.error !== null).map((r) => r.line_number);
      assert.deepEqual(ours.errors.map((e) => e.line), theirErrors, `error lines: ${JSON.stringify(theirs.filter((r) => r.error))}`);
      const good = theirs.filter((r) => r.error === null);
      const recs = ours.model.entries.filter((e): e is HbaRecord => e.kind === 'record');
      assert.equal(recs.length, good.length);
      recs.forEach((r, i) => {
        const row = good[i]!;
        const mine = view(r);
        // PostgreSQL splits "IP MASK" into address and netmask and shows CIDR as address + netmask.
        assert.equal(mine.line_number, row.line_number);
        assert.equal(mine.type, row.type);
        assert.deepEqual(mine.database, row.database);
        assert.deepEqual(mine.user_name, row.user_name);
        assert.equal(mine.auth_method, row.auth_method);
        if (r.address !== undefined) assert.equal(row.address, r.mask !== undefined ? r.address : mine.address);
        if (r.mask !== undefined) assert.equal(row.netmask, r.mask);
        // The view adds defaults (ldapscope=2 for ldap): every option written must be there.
        for (const o of mine.options ?? []) assert.ok((row.options ?? []).includes(o), `option ${o} in ${JSON.stringify(row.options)}`);
      });
    });
  }
});
