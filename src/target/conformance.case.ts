/**
 * The conformance suite every Target must pass (Hono's router `common.case.test.ts` is the
 * model): each Target's own test file calls `targetConformance` with a factory.
 *
 * The suite builds a hostile little tree in a temporary directory and hands the factory
 * that directory; the factory returns the target and the prefix under which the tree is
 * seen inside the target ("" for a root directory target rooted at the tree, the tree's
 * own path for the live host).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target, FileInfo } from './target.ts';

export interface ConformanceSubject {
  target: Target;
  /** Path of the tree inside the target. */
  prefix: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Builds the shared hostile tree; returns its host path and a cleanup function. */
export function buildHostileTree(): { dir: string; cleanup: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-conf-'));
  fs.chmodSync(dir, 0o755);
  const w = (p: string, content: string | Buffer, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), content);
    fs.chmodSync(path.join(dir, p), mode);
  };
  w('etc/ssh/sshd_config', 'Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication no\n');
  w('etc/ssh/sshd_config.d/10-b.conf', 'X11Forwarding no\n');
  w('etc/ssh/sshd_config.d/02-a.conf', 'PermitRootLogin no\n');
  w('etc/ssh/sshd_config.d/.hidden.conf', 'hidden\n');
  w('etc/ssh/sshd_config.d/notes.txt', 'not a conf\n');
  w('etc/setuid-bin', 'x', 0o4755);
  w('etc/invalid-utf8', Buffer.from([0x41, 0xff, 0xfe, 0x42, 0x0a]));
  w('etc/crlf.conf', 'a = 1\r\nb = 2\r\n');
  fs.symlinkSync('sshd_config', path.join(dir, 'etc/ssh/relative-link'));
  fs.symlinkSync('loop-b', path.join(dir, 'etc/loop-a'));
  fs.symlinkSync('loop-a', path.join(dir, 'etc/loop-b'));
  fs.symlinkSync('ssh', path.join(dir, 'etc/ssh-dir-link'));
  fs.symlinkSync('does-not-exist', path.join(dir, 'etc/dangling'));
  execFileSync('mkfifo', [path.join(dir, 'etc/fifo.conf')]);
  execFileSync('mknod', [path.join(dir, 'etc/null-device'), 'c', '1', '3']);
  // A 2 GB log file, sparse so that it costs nothing on disk.
  fs.mkdirSync(path.join(dir, 'var/log'), { recursive: true });
  const fd = fs.openSync(path.join(dir, 'var/log/huge.log'), 'w');
  fs.ftruncateSync(fd, 2 * 1024 * 1024 * 1024);
  fs.closeSync(fd);
  fs.mkdirSync(path.join(dir, 'srv/secret'), { recursive: true });
  w('srv/secret/file', 'hidden from others\n', 0o600);
  fs.chmodSync(path.join(dir, 'srv/secret'), 0o700);
  return { dir, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Listens on a Unix socket inside the tree for the duration of the suite. */
function listenSocket(file: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(file, () => resolve(srv));
  });
}

export function targetConformance(name: string, make: (treeDir: string) => ConformanceSubject, kind: 'root-dir' | 'local-host'): void {
  describe(`Target conformance: ${name}`, () => {
    let tree: { dir: string; cleanup: () => Promise<void> };
    let t: Target;
    let p: (inner: string) => string;
    let sock: net.Server;

    before(async () => {
      tree = buildHostileTree();
      sock = await listenSocket(path.join(tree.dir, 'etc/daemon.sock'));
      const s = make(tree.dir);
      t = s.target;
      p = (inner) => `${s.prefix}${inner}`;
    });
    after(async () => {
      sock.close();
      await t.close();
      await tree.cleanup();
    });

    test('reads a regular file with its metadata', async () => {
      const r = await t.readFile(p('/etc/ssh/sshd_config'));
      assert.ok(r.ok);
      assert.match(r.text, /PasswordAuthentication no/);
      assert.equal(r.truncated, false);
      assert.equal(r.info.type, 'file');
      assert.equal(r.info.mode, 0o644);
      assert.equal(r.info.uid, 0);
      assert.equal(r.path, p('/etc/ssh/sshd_config'));
    });

    test('a missing file is ENOENT, not a failure of the run', async () => {
      const r = await t.readFile(p('/etc/nope'));
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'ENOENT');
      const s = await t.stat(p('/etc/nope/deeper'));
      assert.equal(!s.ok && s.error.code, 'ENOENT');
    });

    test('never opens a FIFO, a socket or a device', async () => {
      for (const f of ['/etc/fifo.conf', '/etc/daemon.sock', '/etc/null-device']) {
        const r = await t.readFile(p(f));
        assert.equal(r.ok, false, f);
        assert.equal(!r.ok && r.error.code, 'NOT_REGULAR', f);
      }
    });

    test('caps how much of a file it reads (a 2 GB log)', async () => {
      const r = await t.readFile(p('/var/log/huge.log'), { maxBytes: 1024 });
      assert.ok(r.ok);
      assert.equal(r.bytes.length, 1024);
      assert.equal(r.truncated, true);
      assert.equal(r.info.size, 2 * 1024 * 1024 * 1024);
    });

    test('decodes invalid UTF-8 with replacement characters and says so', async () => {
      const r = await t.readFile(p('/etc/invalid-utf8'));
      assert.ok(r.ok);
      assert.equal(r.invalidUtf8, true);
      assert.match(r.text, /^A\uFFFD+B\n$/);
    });

    test('follows relative symbolic links; stat follows, lstat does not', async () => {
      const r = await t.readFile(p('/etc/ssh/relative-link'));
      assert.ok(r.ok && r.text.includes('PasswordAuthentication'));
      const st = await t.stat(p('/etc/ssh/relative-link'));
      const lst = await t.lstat(p('/etc/ssh/relative-link'));
      assert.ok(st.ok && lst.ok);
      assert.equal(st.ok && st.info.type, 'file');
      assert.equal(lst.ok && lst.info.type, 'symlink');
      const link = await t.readLink(p('/etc/ssh/relative-link'));
      assert.ok(link.ok);
      assert.equal(link.ok && link.target, 'sshd_config');
    });

    test('a symbolic link loop is ELOOP, a dangling link ENOENT', async () => {
      const r = await t.readFile(p('/etc/loop-a'));
      assert.equal(!r.ok && r.error.code, 'ELOOP');
      const d = await t.readFile(p('/etc/dangling'));
      assert.equal(!d.ok && d.error.code, 'ENOENT');
    });

    test('lists a directory sorted by name with entry types', async () => {
      const d = await t.readDir(p('/etc/ssh/sshd_config.d'));
      assert.ok(d.ok);
      assert.deepEqual(
        d.entries.map((e) => e.name),
        ['.hidden.conf', '02-a.conf', '10-b.conf', 'notes.txt'],
      );
      const etc = await t.readDir(p('/etc'));
      assert.ok(etc.ok);
      const types = Object.fromEntries(etc.entries.map((e) => [e.name, e.type]));
      assert.equal(types['fifo.conf'], 'fifo');
      assert.equal(types['loop-a'], 'symlink');
      assert.equal(types['ssh'], 'dir');
    });

    test('globs like glob(3): sorted, no dot files, through linked directories', async () => {
      assert.deepEqual(await t.glob(p('/etc/ssh/sshd_config.d/*.conf')), [p('/etc/ssh/sshd_config.d/02-a.conf'), p('/etc/ssh/sshd_config.d/10-b.conf')]);
      assert.deepEqual(await t.glob(p('/etc/ssh-dir-link/sshd_config.d/[01]?-*.conf')), [
        p('/etc/ssh-dir-link/sshd_config.d/02-a.conf'),
        p('/etc/ssh-dir-link/sshd_config.d/10-b.conf'),
      ]);
      assert.deepEqual(await t.glob(p('/etc/ssh/nothing-*.conf')), []);
      assert.deepEqual(await t.glob(p('/etc/ssh/sshd_config')), [p('/etc/ssh/sshd_config')]);
    });

    test('reads CRLF files as they are', async () => {
      const r = await t.readFile(p('/etc/crlf.conf'));
      assert.ok(r.ok && r.text === 'a = 1\r\nb = 2\r\n');
    });

    test('walks every entry once, in batches, without following links', async () => {
      const seen: FileInfo[] = [];
      for await (const b of t.walk({ roots: [p('/')], batchSize: 3 })) {
        assert.ok(b.entries.length <= 3);
        seen.push(...b.entries);
      }
      const paths = seen.map((e) => e.path);
      assert.equal(new Set(paths).size, paths.length, 'no entry twice');
      assert.ok(paths.includes(p('/etc/setuid-bin')));
      assert.ok(paths.includes(p('/etc/ssh-dir-link')));
      assert.ok(!paths.includes(p('/etc/ssh-dir-link/sshd_config')), 'does not descend into linked directories');
      const suid = seen.find((e) => e.path === p('/etc/setuid-bin'))!;
      assert.equal(suid.mode & 0o4000, 0o4000);
      assert.equal(seen.find((e) => e.path === p('/etc/fifo.conf'))!.type, 'fifo');
    });

    test('commands: only live targets run them, with a timeout', async () => {
      const r = await t.exec('true', [], { timeoutMs: 5000 });
      if (kind === 'local-host') {
        assert.ok(r.ok && r.exitCode === 0);
        const slow = await t.exec('sleep', ['10'], { timeoutMs: 200 });
        assert.equal(!slow.ok && slow.error.code, 'ETIMEDOUT');
        const missing = await t.exec('/nonexistent/garrison-cmd', [], { timeoutMs: 1000 });
        assert.equal(!missing.ok && missing.error.code, 'ENOENT');
      } else {
        assert.equal(!r.ok && r.error.code, 'UNSUPPORTED');
      }
    });

    test('an unreadable file or directory is EACCES for an unprivileged user', { skip: process.getuid?.() !== 0 && 'needs root to drop privileges' }, () => {
      const script = path.join(here, 'testdata', 'read-as-nobody.ts');
      const res = spawnSync(process.execPath, ['--import', 'tsx', script, kind, tree.dir, p('/srv/secret/file'), p('/srv/secret')], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        cwd: path.join(here, '..', '..'),
        env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      });
      assert.equal(res.status, 0, res.stderr);
      const out = JSON.parse(res.stdout) as { file: string; dir: string; walkErrors: string[] };
      assert.equal(out.file, 'EACCES');
      assert.equal(out.dir, 'EACCES');
      assert.ok(out.walkErrors.includes(p('/srv/secret')));
    });
  });
}
