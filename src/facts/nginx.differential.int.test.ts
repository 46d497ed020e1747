/**
 * Differential test: garrison's include resolution against nginx's own. For each fixture
 * tree, `nginx -T` (Debian's /usr/sbin/nginx) prints every configuration file it read, in
 * order, with its content; garrison's nginx fact must list the same files in the same
 * order with the same content.
 *
 * nginx reads absolute paths, so the tree is copied to a temporary directory and the
 * absolute /etc/nginx/ (and log) paths in files and symbolic links are rewritten to point
 * inside the copy; the paths in nginx's output are mapped back before comparing.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';

const NGINX = '/usr/sbin/nginx';
const TREES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../parsers/nginx/fixtures/trees');
const available = fs.existsSync(NGINX);
const skip = !available && !process.env.CI ? `${NGINX} not installed (apt-get install nginx-light or nginx)` : false;
const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Copies a tree, rewriting absolute paths so that nginx reads the copy. */
function relocate(src: string, dst: string): void {
  fs.cpSync(src, dst, { recursive: true, verbatimSymlinks: true });
  const rewrite = (text: string) =>
    text.replaceAll('/etc/nginx/', `${dst}/etc/nginx/`).replaceAll('/var/log/nginx/', `${dst}/log/`).replaceAll('/run/nginx.pid', `${dst}/nginx.pid`);
  fs.mkdirSync(path.join(dst, 'log'), { recursive: true });
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
      else fs.writeFileSync(p, rewrite(fs.readFileSync(p, 'utf8')));
    }
  };
  walk(dst);
}

/** Files and contents from `nginx -T` output, in order. */
function parseDump(stdout: string, root: string): { file: string; content: string }[] {
  const out: { file: string; content: string }[] = [];
  const re = /^# configuration file (.+):$/gm;
  const marks = [...stdout.matchAll(re)];
  marks.forEach((m, i) => {
    const start = m.index! + m[0].length + 1;
    const end = i + 1 < marks.length ? marks[i + 1]!.index! : stdout.length;
    const unroot = (s: string) => s.replaceAll(`${root}/etc/nginx/`, '/etc/nginx/').replaceAll(`${root}/log/`, '/var/log/nginx/').replaceAll(`${root}/nginx.pid`, '/run/nginx.pid');
    out.push({ file: unroot(m[1]!), content: unroot(stdout.slice(start, end)) });
  });
  return out;
}

const normalize = (s: string) => s.replace(/\n+$/, '');

describe('nginx include resolution matches nginx -T', { skip }, () => {
  for (const name of fs.readdirSync(TREES).sort()) {
    test(name, async () => {
      const src = path.join(TREES, name);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-nginx-T-'));
      temps.push(tmp);
      relocate(src, tmp);
      const conf = path.join(tmp, 'etc/nginx/nginx.conf');
      const res = spawnSync(NGINX, ['-T', '-p', `${tmp}/`, '-c', conf], { encoding: 'utf8', timeout: 20000 });
      assert.equal(res.status, 0, `nginx -T failed: ${res.stderr}`);
      const theirs = parseDump(res.stdout, tmp);
      assert.ok(theirs.length >= 2, 'nginx printed its files');

      const target = new RootDirTarget(src);
      const store = new FactStore(target, await target.info(), defaultAuditOptions());
      const nginx = await store.get('nginx');
      assert.deepEqual(store.diagnosticsOf('nginx'), [], 'garrison read the tree without errors');
      assert.deepEqual(nginx.files, theirs.map((t) => t.file), 'same files in the same order');
      for (const t of theirs) assert.equal(normalize(nginx.contents.get(t.file) ?? ''), normalize(t.content), `same content of ${t.file}`);
    });
  }
});
