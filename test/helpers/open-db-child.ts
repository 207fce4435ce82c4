/** Child process for the read-only test: tries to open a database and prints the outcome as JSON. */
import { openDatabase } from '../../main/db/open';

const file = process.argv[2];
try {
  openDatabase(file).close();
  process.stdout.write(JSON.stringify({ kind: 'OPENED', message: '' }));
} catch (err) {
  const e = err as { kind?: string; message?: string };
  process.stdout.write(JSON.stringify({ kind: e.kind ?? 'OTHER', message: e.message ?? String(err) }));
}
