import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'compose-resource-limits',
  family: 'containers',
  title: 'Containers have memory and CPU limits',
  severity: 'low',
  rationale:
    'Without limits, one container that leaks memory, is flooded with requests or is abused can starve the host and every other service on it, and the kernel may kill an unrelated process when memory runs out.',
  description:
    'For each service, looks for a memory limit (`mem_limit` or `deploy.resources.limits.memory`) and a CPU limit (`cpus`, `cpu_quota` or `deploy.resources.limits.cpus`) in any Compose file of the same project directory (so that a limit set in an override file counts).',
  remediation:
    'Give each service limits sized from its normal use, for example `mem_limit: 512m` and `cpus: "1.0"`, or `deploy: {resources: {limits: {memory: 512M, cpus: "1.0"}}}`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Analyse critique et reprise de la TX Sécu A18' },
    { guideline: '004_505672b286b27604.txt', section: 'Moyen techniques actuels' },
  ],
  messages: {
    noLimits: 'Service "{{service}}" in {{file}} has no {{missing}} limit.',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    // Services merged across the files of one project directory (base + overrides).
    const limits = new Map<string, { memory: boolean; cpu: boolean }>();
    for (const f of compose.files)
      for (const s of f.model.services) {
        const k = `${f.dir}\u0000${s.name}`;
        const cur = limits.get(k) ?? { memory: false, cpu: false };
        limits.set(k, { memory: cur.memory || s.limits.memory.length > 0, cpu: cur.cpu || s.limits.cpu.length > 0 });
      }
    // Report each service once, where it is defined in the main file rather than an override.
    const reported = new Set<string>();
    const ordered = [...compose.files].sort((a, b) => Number(/override/.test(a.path)) - Number(/override/.test(b.path)));
    for (const f of ordered) {
      for (const svc of f.model.services) {
        const k = `${f.dir}\u0000${svc.name}`;
        if (reported.has(k)) continue;
        reported.add(k);
        const l = limits.get(k)!;
        const missing = [l.memory ? null : 'memory', l.cpu ? null : 'CPU'].filter((x) => x !== null).join(' or ');
        if (missing === '') continue;
        report.fail('noLimits', { data: { service: svc.name, file: f.path, missing }, evidence: [lineEvidence(svc.source)], key: `${f.dir}:${svc.name}` });
      }
    }
  },
});
