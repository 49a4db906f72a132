// CSV in and out for custom data. Pure: text in, a table or points (with the rows that were refused, and why)
// out; the dialog (src/views/io/CsvDialog.tsx) only shows what these return.
import {
  type CustomPoint,
  type ExperimentConfig,
  MAX_COORD,
  MAX_CUSTOM_POINTS,
  type ParseResult,
  parseConfig,
} from '../core/config';
import type { Dataset } from '../core/data';

/** Larger texts are refused before parsing (2000 rows of a few numbers are far smaller). */
export const MAX_CSV_CHARS = 1_000_000;
/** More data rows than this are refused as a whole (the custom set holds at most this many points). */
export const MAX_CSV_ROWS = MAX_CUSTOM_POINTS;

export interface CsvTable {
  /** Column names: the header row, or 'column 1', 'column 2', … when the first row is data. */
  columns: string[];
  /** Data rows with their 1-based line number in the text (blank lines are skipped). */
  rows: { line: number; cells: string[] }[];
  delimiter: ',' | ';' | '\t';
}

export type TableResult = { ok: true; table: CsvTable } | { ok: false; message: string };

const isNum = (s: string) => s.trim() !== '' && Number.isFinite(Number(s.trim()));

/** Split the text into cells. The delimiter is the one of , ; tab the first line uses most. */
export function parseCsvTable(text: string): TableResult {
  if (text.length > MAX_CSV_CHARS)
    return { ok: false, message: `the text has ${text.length} characters (at most ${MAX_CSV_CHARS})` };
  const src = text.replace(/^\uFEFF/, ''); // a byte-order mark (spreadsheet exports) is not data
  const lines = src
    .split(/\r\n|\n|\r/)
    .map((l, i) => ({ line: i + 1, text: l }))
    .filter((l) => l.text.trim() !== '' && !l.text.trimStart().startsWith('#'));
  if (lines.length === 0) return { ok: false, message: 'the text is empty' };
  const first = lines[0].text;
  const count = (d: string) => first.split(d).length - 1;
  const delimiter = (['\t', ';', ','] as const).reduce((best, d) => (count(d) > count(best) ? d : best), ',');
  const split = (l: string) =>
    l.split(delimiter).map((c) =>
      c
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    );
  const firstCells = split(first);
  // a header: the first row has fewer numeric cells than the second (labels may be words in both)
  const numeric = (cells: string[]) => cells.filter(isNum).length;
  const header =
    lines.length > 1 ? numeric(firstCells) < numeric(split(lines[1].text)) : numeric(firstCells) === 0;
  const data = header ? lines.slice(1) : lines;
  if (data.length === 0) return { ok: false, message: 'the text has a header but no data rows' };
  if (data.length > MAX_CSV_ROWS)
    return { ok: false, message: `the text has ${data.length} data rows (at most ${MAX_CSV_ROWS})` };
  const width = Math.max(firstCells.length, ...data.map((l) => split(l.text).length));
  const columns = Array.from({ length: width }, (_, i) =>
    header && firstCells[i] ? firstCells[i] : `column ${i + 1}`,
  );
  return {
    ok: true,
    table: { columns, delimiter, rows: data.map((l) => ({ line: l.line, cells: split(l.text) })) },
  };
}

export interface ColumnChoice {
  x1: number;
  x2: number;
  label: number;
}

export interface BadRow {
  line: number;
  reason: string;
}

export type PointsResult =
  | {
      ok: true;
      points: CustomPoint[];
      bad: BadRow[];
      /** The label value read as class 0 and as class 1. */
      classes: [string, string];
    }
  | { ok: false; message: string; bad: BadRow[] };

/** The table's rows as custom points; rows that cannot be one are listed with the reason and left out. */
export function tableToPoints(t: CsvTable, cols: ColumnChoice): PointsResult {
  const { x1, x2, label } = cols;
  const names = t.columns;
  if (new Set([x1, x2, label]).size < 3)
    return { ok: false, message: 'choose three different columns', bad: [] };
  for (const c of [x1, x2, label])
    if (!(c >= 0 && c < names.length)) return { ok: false, message: `there is no column ${c + 1}`, bad: [] };
  const bad: BadRow[] = [];
  const good: { a: number; b: number; lab: string }[] = [];
  for (const { line, cells } of t.rows) {
    const cell = (col: number) => cells[col] ?? '';
    // the first problem of the row, or null
    const coordProblem = (col: number): string | null => {
      const s = cell(col);
      if (s === '') return 'is empty';
      if (!isNum(s)) return `is not a number ("${s.slice(0, 20)}")`;
      if (Math.abs(Number(s)) > MAX_COORD) return `is ${Number(s)}, outside [−${MAX_COORD}, ${MAX_COORD}]`;
      return null;
    };
    const problems: [number, string | null][] = [
      [x1, coordProblem(x1)],
      [x2, coordProblem(x2)],
      [label, cell(label) === '' ? 'is empty' : null],
    ];
    const first = problems.find(([, p]) => p !== null);
    if (first) bad.push({ line, reason: `${names[first[0]]} ${first[1]}` });
    else good.push({ a: Number(cell(x1)), b: Number(cell(x2)), lab: cell(label) });
  }
  const values = [...new Set(good.map((g) => g.lab))];
  if (values.length === 0) return { ok: false, message: 'no usable rows', bad };
  if (values.length > 2)
    return {
      ok: false,
      message: `the label column ${names[label]} has ${values.length} different values (${values.slice(0, 5).join(', ')}${values.length > 5 ? ', …' : ''}); custom data has 2 classes`,
      bad,
    };
  // class 0 is the smaller value (numerically when both are numbers), so 0/1 labels stay as they are
  const sorted = values.every(isNum) ? [...values].sort((p, q) => Number(p) - Number(q)) : [...values].sort();
  const [c0, c1 = c0 === '1' ? '0' : '1'] = sorted;
  const cls = (s: string): 0 | 1 => (s === c0 ? 0 : 1);
  return { ok: true, points: good.map((g) => [g.a, g.b, cls(g.lab)]), bad, classes: [c0, c1] };
}

/** The data set as CSV: input columns, target columns (or the class), and which split each row is in. */
export function datasetToCsv(ds: Dataset): string {
  const xs = Array.from({ length: ds.inputDim }, (_, i) => `x${i + 1}`);
  const ys = ds.classification ? ['class'] : Array.from({ length: ds.outputDim }, (_, i) => `y${i + 1}`);
  const out = [[...xs, ...ys, 'split'].join(',')];
  const seen = new Set<unknown>();
  for (const [name, s] of [
    ['train', ds.train],
    ['test', ds.test],
  ] as const) {
    if (seen.has(s)) continue; // 'matrix' uses the same split for both
    seen.add(s);
    for (let i = 0; i < s.n; i++) {
      const x = Array.from(s.x.subarray(i * ds.inputDim, (i + 1) * ds.inputDim), String);
      const y = ds.classification
        ? [String(s.labels?.[i] ?? 0)]
        : Array.from(s.y.subarray(i * ds.outputDim, (i + 1) * ds.outputDim), String);
      out.push([...x, ...y, name].join(','));
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * The config with these points as its custom data set: a quarter of them (rounded down) held out for testing,
 * the loss switched to cross-entropy. Validated: on failure the caller keeps the config it has.
 */
export function withCustomPoints(c: ExperimentConfig, points: CustomPoint[]): ParseResult {
  const nTest = Math.floor(points.length / 4);
  return parseConfig({
    ...c,
    data: { ...c.data, kind: 'custom', points, nTrain: points.length - nTest, nTest },
    train: { ...c.train, loss: 'xent' },
  });
}
