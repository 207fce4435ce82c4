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
