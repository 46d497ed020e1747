/** Version of the JSON report's schema (docs/report.schema.json); bumped on incompatible changes. */
export const REPORT_SCHEMA_VERSION = 1;
