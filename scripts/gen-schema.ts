/**
 * Writes docs/report.schema.json from the zod schemas in src/core/report-schema.ts.
 *   tsx scripts/gen-schema.ts          write it
 *   tsx scripts/gen-schema.ts --check  exit 1 if it is stale
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ReportSchema, REPORT_SCHEMA_VERSION } from '../src/core/report-schema.ts';

export const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'report.schema.json');

export function reportJsonSchema(): string {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  const doc = {
    $schema: schema.$schema,
    $id: `https://garrison.invalid/schemas/report-v${REPORT_SCHEMA_VERSION}.json`,
    title: 'garrison report',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = reportJsonSchema();
  const current = existsSync(SCHEMA_PATH) ? readFileSync(SCHEMA_PATH, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`stale: ${SCHEMA_PATH} (run \`npm run gen\`)`);
      process.exit(1);
    }
  } else if (current !== text) {
    mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
    writeFileSync(SCHEMA_PATH, text);
    console.error(`wrote ${SCHEMA_PATH}`);
  }
}
