/**
 * A reference HQ receiver in its own process, for tests that kill it (SIGKILL)
 * mid-batch. Arguments as `posdesk hq`; faults as JSON in POSDESK_HQ_FAULTS.
 */
import type { HqFault } from './faults';
import { runHq } from './run-hq';

const faults = process.env.POSDESK_HQ_FAULTS ? (JSON.parse(process.env.POSDESK_HQ_FAULTS) as HqFault[]) : [];
runHq(process.argv.slice(2), { faults }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`hq fixture: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
