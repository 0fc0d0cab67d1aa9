// RFC 4180 CSV: quoted cells with "" escapes and line breaks inside quotes, CRLF or LF, and a
// header row. Each data row keeps the line it starts on, for error messages.
import { AppError } from '../../core/errors.ts';

export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  rows: CsvRow[];
}

export function parseCsv(text: string, source = 'CSV'): CsvTable {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new AppError('BAD_USER_INPUT', `${source}: a quoted cell starting on line ${rowLine} is never closed.`);
  if (cell !== '' || cells.length > 0) endRow();
  const [header, ...data] = rows;
  if (!header) throw new AppError('BAD_USER_INPUT', `${source} is empty; the first line must name the fields.`);
  for (const row of data) {
    if (row.cells.length !== header.cells.length) {
      throw new AppError('BAD_USER_INPUT', `${source} line ${row.line} has ${row.cells.length} cells; the header has ${header.cells.length}.`, { details: { line: row.line } });
    }
  }
  return { headers: header.cells.map((h) => h.trim()), rows: data };
}
