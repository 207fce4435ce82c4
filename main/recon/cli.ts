/**
 * `posdesk recon --date YYYY-MM-DD --statement file… [--csv out.csv] [--chart out.svg] [--json]`
 *
 * Reads each statement (kind told from its bytes), matches it against the journal for the
 * day, prints the report (or JSON) and optionally writes the merged merchant statement as
 * CSV and the takings chart as SVG. Exit code: 0 all matched, 1 differences or bad rows,
 * 2 bad input (arguments, unreadable or unrecognised file, a statement for another day).
 * The lead wires `journal` (SQLite) and the command; this module never exits the process.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseStatement, type ParsedStatement } from './detect';
import { matchStatements } from './match';
import { formatParseErrors, formatReconReport } from './report';
import { buildMerchantStatement } from './statement';
import { merchantStatementCsv } from './statement-csv';
import { takingsChartSvg } from './takings-chart';
import type { ChannelName, LocalJournalSource, StatementKind } from './types';

export const RECON_USAGE = `usage: posdesk recon --date YYYY-MM-DD --statement file [file…] [options]

  --date d         the business day to reconcile (store time, +08:00)
  --statement f…   WeChat downloadbill CSV, Alipay bill zip (or its 业务明细 CSV),
                   acquirer card detail CSV; the kind is detected from the content
  --csv f          write the merged merchant statement (UTF-8 with BOM) to f
  --chart f        write the takings-by-tender-and-hour chart (SVG) to f
  --json           print the result as JSON instead of text

exit code: 0 all matched, 1 differences or bad rows, 2 bad input
`;

export const EXIT_MATCHED = 0;
export const EXIT_DIFFERENCES = 1;
export const EXIT_BAD_INPUT = 2;

const COVERS: Record<StatementKind, ChannelName[]> = {
  wechat: ['wechat'],
  alipay: ['alipay'],
  acquirer: ['card', 'unionpay'],
};

export interface ReconIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (path: string) => Promise<Uint8Array>;
  writeFile: (path: string, data: string) => Promise<void>;
}

const defaultIo: ReconIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readFile: (p) => readFile(p),
  writeFile: (p, d) => writeFile(p, d),
};

export async function runRecon(argv: string[], journal: LocalJournalSource, io: ReconIo = defaultIo): Promise<number> {
  let values: { date?: string; statement?: string[]; csv?: string; chart?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        date: { type: 'string' },
        statement: { type: 'string', multiple: true },
        csv: { type: 'string' },
        chart: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    io.err(`posdesk recon: ${e instanceof Error ? e.message : String(e)}\n\n${RECON_USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (values.help) {
    io.out(RECON_USAGE);
    return EXIT_MATCHED;
  }
  const date = values.date;
  // "--statement a b c": the files after the first one arrive as positionals.
  const files = [...(values.statement ?? []), ...positionals];
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    io.err(`posdesk recon: --date YYYY-MM-DD is required (got ${JSON.stringify(date ?? '')})\n\n${RECON_USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (files.length === 0) {
    io.err(`posdesk recon: at least one --statement file is required\n\n${RECON_USAGE}`);
    return EXIT_BAD_INPUT;
  }

  const parsed: ParsedStatement[] = [];
  const fatal: string[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readFile(f);
    } catch (e) {
      fatal.push(`${f}: cannot read (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const p = parseStatement(bytes, f);
    parsed.push(p);
    if (!p.kind || (p.rows.length === 0 && p.errors.length > 0)) {
      fatal.push(`${f}: unusable statement`, ...formatParseErrors(p.errors));
    } else if (p.rows.length > 0 && !p.rows.some((r) => r.at.startsWith(date))) {
      fatal.push(`${f}: no row is dated ${date} (first row: ${p.rows[0]?.at}); is it the statement of another day?`);
    }
  }
  if (fatal.length > 0) {
    io.err(`posdesk recon: bad input\n${fatal.join('\n')}\n`);
    return EXIT_BAD_INPUT;
  }

  let local: ReturnType<LocalJournalSource['paymentsOn']>;
  try {
    local = journal.paymentsOn(date);
  } catch (e) {
    io.err(`posdesk recon: cannot read the local journal for ${date}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
  const channels = [...new Set(parsed.flatMap((p) => (p.kind ? COVERS[p.kind] : [])))];
  const rows = parsed.flatMap((p) => p.rows);
  const errors = parsed.flatMap((p) => p.errors);
  const match = matchStatements(local, rows, { date, channels });
  const statement = buildMerchantStatement(local, match, { date });

  try {
    if (values.csv) await io.writeFile(values.csv, merchantStatementCsv(statement));
    if (values.chart) await io.writeFile(values.chart, takingsChartSvg(statement));
  } catch (e) {
    io.err(`posdesk recon: cannot write output: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
  if (values.json) io.out(`${JSON.stringify({ match, statement, errors }, null, 2)}\n`);
  else io.out(formatReconReport(match, statement, errors));
  return match.balanced && errors.length === 0 ? EXIT_MATCHED : EXIT_DIFFERENCES;
}
