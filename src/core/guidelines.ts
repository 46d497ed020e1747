/**
 * The guideline documents garrison's rules come from. Rules cite them by file name and
 * section heading; the documents themselves live beside the repository (shared/guidelines)
 * and are not copied into garrison.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GuidelineDocument {
  file: string;
  title: string;
}

export const GUIDELINES: readonly GuidelineDocument[] = [
  { file: '000_a8be9711ada6c275.txt', title: 'SRE security technical note and hardening guide' },
  { file: '001_d9d200db3ee7c4e1.txt', title: 'CSC Pouta security guidelines' },
  { file: '002_52c88f5fb2d0dec9.txt', title: 'European Weather Cloud security guidelines' },
  { file: '003_3ee6c2d8469499be.txt', title: 'enmeshed Backbone security considerations' },
  { file: '004_505672b286b27604.txt', title: 'Picasoft security audit journal' },
];

export const GUIDELINE_FILES: readonly string[] = GUIDELINES.map((g) => g.file);

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, string | undefined>();

/**
 * The text of a guideline document when the shared folder sits beside the repository
 * (development and CI), else undefined. Used by tests to check that cited sections exist.
 */
export function guidelineText(file: string): string | undefined {
  if (cache.has(file)) return cache.get(file);
  const candidates = [
    process.env.GARRISON_GUIDELINES_DIR,
    path.resolve(here, '../../../shared/guidelines'),
    path.resolve(process.cwd(), '../shared/guidelines'),
  ].filter((d): d is string => Boolean(d));
  let text: string | undefined;
  for (const dir of candidates) {
    const p = path.join(dir, file);
    if (fs.existsSync(p)) {
      text = fs.readFileSync(p, 'utf8');
      break;
    }
  }
  cache.set(file, text);
  return text;
}
