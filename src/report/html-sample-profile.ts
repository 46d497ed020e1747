/**
 * A small profile over the rules of the sample report, for the tests of the HTML report's
 * coverage matrix and the Markdown report's profile section: every status a recommendation
 * can have, a manual item and an item no rule verifies yet.
 */
import type { Report } from '../core/report-schema.ts';
import type { Profile } from '../profiles/types.ts';

export const SAMPLE_PROFILE: Profile = {
  name: 'sample',
  title: 'Sample hardening guide',
  guideline: '001_d9d200db3ee7c4e1.txt',
  items: [
    { id: 'ssh-keys-only', section: 'Remote access', text: 'Log in with keys, never with passwords or as root.', rules: ['ssh-password-authentication', 'ssh-root-login'] },
    { id: 'ssh-root', section: 'Remote access', text: 'Root does not log in over SSH.', rules: ['ssh-root-login'] },
    { id: 'compose-secrets', section: 'Containers', text: 'Keep secrets out of compose files.', rules: ['compose-plaintext-secret'] },
    { id: 'web-config', section: 'Web', text: 'The web server configuration is sound.', rules: ['nginx-config-parse'] },
    { id: 'redis', section: 'Web', text: 'Redis protects itself.', rules: ['redis-protected-mode'] },
    { id: 'tls-probe', section: 'Web', text: 'Only modern TLS is offered.', rules: ['probe-tls-protocols'] },
    { id: 'backups', section: 'Operations', text: 'Backups are planned.', rules: [] },
    { id: 'announcements', section: 'Operations', text: 'Follow the security announcements.', manual: 'reading mailing lists is a human task' },
  ],
};

/** The report as `garrison audit --profile sample` would record it. */
export const withSampleProfile = (report: Report): Report => ({ ...report, profile: SAMPLE_PROFILE.name });
