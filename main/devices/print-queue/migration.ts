/**
 * Schema for keyed print jobs (after DEVICES_MIGRATION, which gave print_jobs its device,
 * holds and reprint columns). Appended to main/db/migrations.ts.
 */
import type { Migration } from '../../db/migrations';

export const PRINT_JOB_KEYS_MIGRATION: Migration = {
  name: '013 print jobs: idempotency key, and the profile and document each job was made from',
  sql: `
    -- The caller's key for a job that must exist once ('refund:<refund no.>#slip'). It is
    -- written in the same transaction as the refund it prints, so a retried call, a crash or
    -- a restart finds the job already there instead of queueing the slip a second time.
    -- NULLs are distinct in a UNIQUE index: unkeyed jobs (sales, test pages) are unaffected.
    ALTER TABLE print_jobs ADD COLUMN job_key TEXT;
    CREATE UNIQUE INDEX print_jobs_key ON print_jobs(job_key);
    -- The printer profile (paper, dots, encoding) the bytes were encoded for: the preview of an
    -- old job is drawn for the paper it was printed on, whatever the printer is now.
    ALTER TABLE print_jobs ADD COLUMN profile_json TEXT;
    -- What was printed, as data (template + fields): a reprint is encoded for today's printer.
    ALTER TABLE print_jobs ADD COLUMN document_json TEXT;
  `,
};
