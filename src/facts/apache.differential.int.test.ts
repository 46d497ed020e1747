/**
 * Differential test: garrison's Apache include resolution against httpd's own. For each
 * fixture tree, `apache2 -t -D DUMP_INCLUDES` (Debian's /usr/sbin/apache2) lists the files
 * it read, in order, with <IfModule>/<IfDefine> evaluated; the apache fact must list the
 * same files in the same order.
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

const HTTPD = '/usr/sbin/apache2';
const TREES = path.join(import.meta.dirname, '../parsers/apache/fixtures/trees');
const skip = !fs.existsSync(HTTPD) && !process.env.CI ? `${HTTPD} not installed (apt-get install apache2)` : false;
const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Copies a tree, pointing its absolute /etc/ssl/ paths at the copy. */
function relocate(src: string, dst: string): void {
  fs.cpSync(src, dst, { recursive: true, verbatimSymlinks: true });
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replaceAll('/etc/ssl/', `${dst}/etc/ssl/`));
    }
  };
  walk(dst);
}

describe('Apache include resolution matches apache2 -D DUMP_INCLUDES', { skip }, () => {
  for (const name of fs.readdirSync(TREES).sort()) {
    test(name, async () => {
      const src = path.join(TREES, name);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-httpd-'));
      temps.push(tmp);
      relocate(src, tmp);
      const root = path.join(tmp, 'etc/apache2');
      const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', APACHE_RUN_USER: 'www-data', APACHE_RUN_GROUP: 'www-data', APACHE_PID_FILE: path.join(tmp, 'pid'), APACHE_RUN_DIR: tmp, APACHE_LOCK_DIR: tmp, APACHE_LOG_DIR: tmp };
      const res = spawnSync(HTTPD, ['-d', root, '-f', path.join(root, 'apache2.conf'), '-t', '-D', 'DUMP_INCLUDES'], { encoding: 'utf8', env, timeout: 20000 });
      assert.equal(res.status, 0, `apache2 -t failed: ${res.stderr}${res.stdout}`);
      const theirs: string[] = [];
      for (const m of res.stdout.matchAll(/^\s+\((?:\*|\d+)\) (.+)$/gm)) {
        const f = `/etc/apache2/${path.relative(root, m[1]!)}`;
        if (!theirs.includes(f)) theirs.push(f);
      }
      assert.ok(theirs.length >= 2, res.stdout);

      const target = new RootDirTarget(src);
      const store = new FactStore(target, await target.info(), defaultAuditOptions());
      const apache = await store.get('apache');
      assert.deepEqual(store.diagnosticsOf('apache'), []);
      assert.deepEqual(apache.files, theirs);
    });
  }
});
