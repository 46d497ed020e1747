import { intBetween, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-randomize-va-space',
  title: 'Full address space layout randomisation',
  severity: 'medium',
  key: 'kernel.randomize_va_space',
  expected: '2',
  accept: intBetween(2, 2),
  kernelDefault: () => ({ value: '2', why: 'built into the kernel' }),
  rationale:
    'Address space layout randomisation (stack, mmap, heap and shared libraries at random places) turns many memory-corruption bugs from reliable exploits into crashes. Anything below 2 leaves part of the layout predictable.',
  remediation: sysctlRemediation('kernel.randomize_va_space', '2'),
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
});
