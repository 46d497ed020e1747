/**
 * Run by the conformance suite as an unprivileged user: reads a file and a directory
 * through a target and prints the error codes as JSON.
 * Usage: read-as-nobody.ts <root-dir|local-host> <tree> <file> <dir>
 */
import { LocalHostTarget } from '../local-host.ts';
import { RootDirTarget } from '../root-dir.ts';

const [kind, tree, file, dir] = process.argv.slice(2) as [string, string, string, string];
const target = kind === 'local-host' ? new LocalHostTarget() : new RootDirTarget(tree);
const f = await target.readFile(file);
const d = await target.readDir(dir);
const walkErrors: string[] = [];
for await (const b of target.walk({ roots: [dir.replace(/\/secret$/, '')] })) walkErrors.push(...b.errors.map((e) => e.path));
process.stdout.write(JSON.stringify({ file: f.ok ? 'ok' : f.error.code, dir: d.ok ? 'ok' : d.error.code, walkErrors }));
