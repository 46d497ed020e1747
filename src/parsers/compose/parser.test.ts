import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseCompose, parseShortPort, parseShortVolume } from './compose.ts';
import { parseEnvFile } from './env-file.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseCompose', () => {
  test('resolves anchors and merge keys, explicit keys win', () => {
    const { model, errors } = parseCompose(fixture('anchors.yml'), '/srv/app/compose.yml');
    assert.deepEqual(errors, []);
    const web = model.services.find((s) => s.name === 'web')!;
    const db = model.services.find((s) => s.name === 'db')!;
    assert.equal(web.image?.value, 'nginx:1.25');
    assert.deepEqual(web.limits.memory.map((m) => m.value), ['512m']);
    assert.equal(web.limits.memory[0]!.source.line, 4, 'inherited value points at the anchor');
    assert.deepEqual(db.limits.memory.map((m) => m.value), ['1g']);
    assert.deepEqual(web.environment.map((e) => [e.name, e.value]), [['TZ', 'Europe/Paris']]);
    assert.deepEqual(
      db.environment.map((e) => [e.name, e.value, e.source.line]),
      [
        ['POSTGRES_PASSWORD_FILE', '/run/secrets/db_password', 22],
        ['POSTGRES_USER', null, 23],
      ],
    );
    assert.deepEqual(db.secrets, ['db_password']);
    assert.deepEqual(model.secrets, ['db_password']);
    assert.deepEqual(
      web.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.source.line]),
      [
        ['127.0.0.1', '8080', '80', 13],
        [null, '8443', '443', 14],
      ],
    );
  });

  test('CRLF input keeps lines and flow sequences', () => {
    const { model, errors } = parseCompose(fixture('crlf.yml'), 'crlf.yml');
    assert.deepEqual(errors, []);
    const app = model.services[0]!;
    assert.equal(app.ports[0]!.source.line, 4);
    assert.equal(app.ports[0]!.source.text, '    ports: ["6379:6379"]');
    assert.equal(app.ports[0]!.hostIp, null);
  });

  test('syntax errors are reported with a line, no services', () => {
    const { model, errors } = parseCompose(fixture('broken.yml'), 'broken.yml');
    assert.ok(errors.length > 0);
    assert.ok(errors.every((e) => e.file === 'broken.yml' && e.line >= 1));
    assert.deepEqual(model.services, []);
  });

  test('unusual input: comments, unknown keys, interpolated ports, mounts', () => {
    const { model, errors } = parseCompose(fixture('unusual.yml'), 'u.yml');
    assert.deepEqual(errors.map((e) => [e.line, e.message]), [[7, 'environment: expected a mapping or a list']]);
    const weird = model.services.find((s) => s.name === 'weird')!;
    assert.deepEqual(
      weird.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.protocol]),
      [
        ['::1', '5353', '53', 'udp'],
        [null, null, '5432', 'tcp'],
      ],
    );
    assert.deepEqual(
      weird.volumes.map((v) => [v.type, v.source, v.target, v.readOnly, v.line.line]),
      [
        ['bind', '/var/run/docker.sock', '/var/run/docker.sock', true, 13],
        ['bind', '/run/docker.sock', '/sock', false, 14],
        ['volume', 'data', '/data', false, 17],
        ['volume', null, '/anon', false, 18],
      ],
    );
    assert.equal(model.services.find((s) => s.name === 'empty')?.image, null);
  });

  test('privileged, namespaces and capabilities', () => {
    const text = [
      'services:',
      '  a:',
      '    image: alpine',
      '    privileged: true',
      '    network_mode: host',
      '    pid: "host"',
      '    cap_add: [SYS_ADMIN, NET_BIND_SERVICE]',
      '    deploy:',
      '      resources:',
      '        limits: {cpus: "0.5", memory: 256M}',
    ].join('\n');
    const { model, errors } = parseCompose(text, 'c.yml');
    assert.deepEqual(errors, []);
    const a = model.services[0]!;
    assert.equal(a.privileged?.value, true);
    assert.equal(a.privileged?.source.line, 4);
    assert.equal(a.networkMode?.value, 'host');
    assert.equal(a.pid?.value, 'host');
    assert.deepEqual(a.capAdd.map((c) => c.value), ['SYS_ADMIN', 'NET_BIND_SERVICE']);
    assert.deepEqual(a.limits.cpu.map((c) => c.value), ['0.5']);
    assert.deepEqual(a.limits.memory.map((c) => c.value), ['256M']);
  });

  test('duplicate keys are an error, as for Compose', () => {
    const { errors } = parseCompose('services:\n  a:\n    image: x\n    image: y\n', 'd.yml');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 4);
  });

  test('recursive aliases do not hang', () => {
    const { errors } = parseCompose('a: &a\n  <<: *a\nservices:\n  s: *a\n', 'r.yml');
    assert.ok(Array.isArray(errors));
  });

  test('short port and volume syntax', () => {
    assert.deepEqual(parseShortPort('0.0.0.0:5432:5432/tcp'), { hostIp: null, hostPort: '5432', containerPort: '5432', protocol: 'tcp' });
    assert.deepEqual(parseShortPort('8000-8010:8000-8010'), { hostIp: null, hostPort: '8000-8010', containerPort: '8000-8010', protocol: 'tcp' });
    assert.equal(parseShortPort('80/http'), null);
    assert.deepEqual(parseShortVolume('./conf:/etc/app:ro,z'), { type: 'bind', source: './conf', target: '/etc/app', readOnly: true });
  });

  test('property: never throws, errors carry a valid line', () => {
    const check = (text: string) => {
      const { model, errors } = parseCompose(text, 'p.yml');
      assert.ok(Array.isArray(model.services));
      const lines = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= lines + 1, `line ${e.line}`);
      for (const s of model.services) assert.equal(typeof s.name, 'string');
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 300 });
    const token = fc.constantFrom('services:', '  a:', '    image: x', '    ports:', '      - "1:2"', '    environment:', '      - A=b', '      K: v', '  <<: *x', '  &x', '- ', ': ', '"', '{', '[', '#');
    fc.assert(fc.property(fc.array(token, { maxLength: 30 }), (ls) => check(ls.join('\n'))), { numRuns: 300 });
  });

  test('large input stays fast', () => {
    const svc = (i: number) => `  s${i}:\n    image: app:${i}\n    environment:\n      - A${i}=b\n    ports:\n      - "127.0.0.1:${1000 + i}:80"\n`;
    const text = `services:\n${Array.from({ length: 3000 }, (_, i) => svc(i)).join('')}`;
    const t0 = Date.now();
    const { model, errors } = parseCompose(text, 'big.yml');
    assert.deepEqual(errors, []);
    assert.equal(model.services.length, 3000);
    assert.ok(Date.now() - t0 < 5000);
  });
});

describe('parseEnvFile', () => {
  test('assignments, export, quotes and comments', () => {
    const text = '# c\nexport DB_PASSWORD="s3cr3t # not comment"\nAPI_TOKEN=abc # comment\nEMPTY=\nPASSTHROUGH\n  \nbad line here\r\n';
    const { model, errors } = parseEnvFile(text, '/srv/.env');
    assert.deepEqual(
      model.vars.map((v) => [v.name, v.value, v.source.line]),
      [
        ['DB_PASSWORD', 's3cr3t # not comment', 2],
        ['API_TOKEN', 'abc', 3],
        ['EMPTY', '', 4],
      ],
    );
    assert.deepEqual(errors, [{ file: '/srv/.env', line: 7, message: 'not a KEY=value assignment' }]);
  });

  test('property: never throws', () => {
    fc.assert(
      fc.property(fc.string(), (t) => {
        const { model, errors } = parseEnvFile(t, 'e');
        assert.ok(model.vars.every((v) => v.source.line >= 1));
        assert.ok(errors.every((e) => e.line >= 1));
      }),
    );
  });
});
