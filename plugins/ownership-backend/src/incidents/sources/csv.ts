/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into
 * records keyed by the header row; empty cells are left out.
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const nonEmpty = rows.filter(r => r.some(cell => cell.trim() !== ''));
  const [header, ...records] = nonEmpty;
  if (!header) {
    return [];
  }
  const names = header.map(h => h.trim());
  return records.map(r =>
    Object.fromEntries(
      names.flatMap((name, i) =>
        r[i] !== undefined && r[i].trim() !== '' ? [[name, r[i].trim()]] : [],
      ),
    ),
  );
}
