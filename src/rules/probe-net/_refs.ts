/** Guideline sections the endpoint rules come from. */
import type { Reference } from '../../core/report-schema.ts';

export const OPEN_PORTS_EWC: Reference = { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Disable unneeded services' };
export const UNNEEDED_SERVICES_POUTA: Reference = { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' };
export const FIREWALL_POUTA: Reference = { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Restrictive firewall (white listing)' };
