/**
 * A store in its own process, for the test that kills it with SIGKILL mid-sync:
 *   store-process.fixture.ts <db> <hqUrl> <count>
 * Appends `count` events in small transactions while the sync worker runs (as a
 * busy counter would), prints a line per status change, and "drained" then exits
 * once nothing is pending. count 0 = a restart: only drain what is queued.
 */
import { SyncWorker } from './sync-worker';
import { appendMany, openStoreDb } from './outbox-test-kit';

const [dbPath, hqUrl, countArg] = process.argv.slice(2);
const total = Number(countArg);
const db = openStoreDb(dbPath);
const worker = new SyncWorker({
  db,
  hqUrl,
  storeId: 'S001',
  batchSize: 10,
  caps: { maxEvents: 100_000, maxAgeMs: 24 * 3_600_000 },
  backoff: { baseMs: 20, maxMs: 200 },
  idlePollMs: 20,
});
worker.onStatus((s) => process.stdout.write(`status sent=${s.sentTotal} pending=${s.pending} online=${String(s.online)}\n`));
worker.start();

/** Five events per transaction, a transaction every few ms: sales arriving while the queue drains. */
const PER_TX = 5;
let appended = 0;
const timer = setInterval(() => {
  if (appended < total) {
    appendMany(db, Math.min(PER_TX, total - appended), { aggregates: 7, perTx: PER_TX, start: appended });
    appended += PER_TX;
    process.stdout.write(`appended ${Math.min(appended, total)}\n`);
    return;
  }
  const s = worker.status();
  if (s.pending === 0 && s.quarantined.length === 0) {
    clearInterval(timer);
    void worker.stop().then(() => {
      db.close();
      process.stdout.write('drained\n');
      process.exit(0);
    });
  }
}, 5);
