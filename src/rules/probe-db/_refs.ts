/** Guideline sections the database and cache probe rules come from. */
import type { Reference } from '../../core/report-schema.ts';

export const PG_SRE: Reference = { guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' };
export const DATABASE: Reference = { guideline: '003_3ee6c2d8469499be.txt', section: 'Database' };
export const EVENT_BUS: Reference = { guideline: '003_3ee6c2d8469499be.txt', section: 'Event Bus' };
export const SECURE_PROTOCOLS_POUTA: Reference = { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' };
export const SECURE_PROTOCOLS_EWC: Reference = { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' };
