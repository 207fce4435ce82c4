import { both } from './bilingual';

/**
 * Splits one CSV line into fields. Channel statements are plain comma-joined text (WeChat
 * and Alipay never quote), but acquirer files exported through Excel may quote fields,
 * so RFC 4180 double quotes are honoured within a line. Returns undefined for an
 * unterminated quote, which the caller reports as a bad row.
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return undefined;
  out.push(field);
  return out;
}

/** The bad-row message for a line whose cells do not line up with the header (undefined: an unterminated quote). */
export function fieldCountMessage(cells: string[] | undefined, headerLength: number): string {
  return cells
    ? both(`该行有 ${cells.length} 列，表头有 ${headerLength} 列`, `row has ${cells.length} fields, the header has ${headerLength}`)
    : both(`该行引号不成对，表头有 ${headerLength} 列`, `row has unbalanced quotes in fields, the header has ${headerLength}`);
}
