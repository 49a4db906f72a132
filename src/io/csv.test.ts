import { describe, expect, it } from 'vitest';
import { defaultConfig, MAX_CUSTOM_POINTS, parseConfig } from '../core/config';
import { makeDataset } from '../core/data';
import {
  type CsvTable,
  datasetToCsv,
  MAX_CSV_CHARS,
  parseCsvTable,
  tableToPoints,
  withCustomPoints,
} from './csv';

function table(text: string): CsvTable {
  const r = parseCsvTable(text);
  if (!r.ok) throw new Error(r.message);
  return r.table;
}
const cols = { x1: 0, x2: 1, label: 2 };

describe('parseCsvTable', () => {
  it('reads a header, commas, CRLF and a byte-order mark', () => {
    const t = table('\uFEFFa,b,label\r\n1,2,0\r\n3,4,1\r\n');
    expect(t.columns).toEqual(['a', 'b', 'label']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['1', '2', '0'] },
      { line: 3, cells: ['3', '4', '1'] },
    ]);
  });

  it('reads semicolons and tabs, quoted cells, and no header', () => {
    const t = table('1;2;"cat"\n3;4;"dog"\n');
    expect(t.delimiter).toBe(';');
    expect(t.columns).toEqual(['column 1', 'column 2', 'column 3']);
    expect(t.rows[0].cells).toEqual(['1', '2', 'cat']);
    expect(table('x\ty\tc\n1\t2\t0').delimiter).toBe('\t');
  });

  it('skips blank and # comment lines but keeps line numbers', () => {
    const t = table('# made by hand\nx,y,c\n\n1,2,0\n');
    expect(t.rows).toEqual([{ line: 4, cells: ['1', '2', '0'] }]);
  });

  it('refuses empty text, a header alone, too many rows and too much text', () => {
    expect(parseCsvTable('')).toEqual({ ok: false, message: 'the text is empty' });
    expect(parseCsvTable('\uFEFF\n  \n')).toEqual({ ok: false, message: 'the text is empty' });
    expect(parseCsvTable('x,y,label\n')).toEqual({
      ok: false,
      message: 'the text has a header but no data rows',
    });
    const many = Array.from({ length: MAX_CUSTOM_POINTS + 1 }, (_, i) => `${i % 50},1,0`).join('\n');
    expect(parseCsvTable(many)).toEqual({
      ok: false,
      message: `the text has ${MAX_CUSTOM_POINTS + 1} data rows (at most ${MAX_CUSTOM_POINTS})`,
    });
    const r = parseCsvTable('1'.repeat(MAX_CSV_CHARS + 1));
    expect(r.ok || r.message).toMatch(/characters \(at most/);
  });
});

describe('tableToPoints', () => {
  it('maps 0/1 labels as they are and reports the bad rows with their line and reason', () => {
    const t = table('x,y,label\n1,2,0\n3,abc,1\n,4,1\n5,6,\n500,1,0\n-1.5,2e-1,1\n7,8\n');
    const r = tableToPoints(t, cols);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.points).toEqual([
      [1, 2, 0],
      [-1.5, 0.2, 1],
    ]);
    expect(r.classes).toEqual(['0', '1']);
    expect(r.bad).toEqual([
      { line: 3, reason: 'y is not a number ("abc")' },
      { line: 4, reason: 'x is empty' },
      { line: 5, reason: 'label is empty' },
      { line: 6, reason: 'x is 500, outside [−100, 100]' },
      { line: 8, reason: 'label is empty' },
    ]);
  });

  it('maps two word labels to classes in sorted order, and any chosen columns', () => {
    const t = table('name,b,a\ndog,1,2\ncat,3,4\n');
    const r = tableToPoints(t, { x1: 2, x2: 1, label: 0 });
    expect(r.ok && r.points).toEqual([
      [2, 1, 1],
      [4, 3, 0],
    ]);
    expect(r.ok && r.classes).toEqual(['cat', 'dog']);
    // numeric labels other than 0/1: the smaller is class 0
    const s = tableToPoints(table('1,1,-1\n2,2,1\n'), cols);
    expect(s.ok && s.points.map((p) => p[2])).toEqual([0, 1]);
  });

  it('refuses more than two classes, no usable rows, and clashing columns', () => {
    const r = tableToPoints(table('x,y,c\n1,1,0\n1,2,1\n1,3,2\n'), cols);
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/has 3 different values \(0, 1, 2\)/),
    });
    const e = tableToPoints(table('x,y,c\na,b,0\n1,2,1\n'), { x1: 0, x2: 1, label: 2 });
    expect(e.ok).toBe(true);
    expect(tableToPoints(table('x,y,c\n1,b,0\n'), cols)).toMatchObject({
      ok: false,
      message: 'no usable rows',
    });
    expect(tableToPoints(table('1,2,0\n'), { x1: 0, x2: 0, label: 2 })).toMatchObject({
      ok: false,
      message: 'choose three different columns',
    });
    expect(tableToPoints(table('1,2,0\n'), { x1: 0, x2: 1, label: 5 })).toMatchObject({ ok: false });
  });

  it('the points it returns make a valid custom config', () => {
    const r = tableToPoints(table('1,2,0\n3,4,1\n5,6,0\n7,8,1\n'), cols);
    if (!r.ok) throw new Error(r.message);
    const c = defaultConfig();
    expect(
      parseConfig({ ...c, data: { ...c.data, kind: 'custom', points: r.points, nTrain: 3, nTest: 1 } }).ok,
    ).toBe(true);
  });
});

describe('datasetToCsv', () => {
  it('writes classification sets as x1,x2,class,split and reads back to the same points', () => {
    const c = defaultConfig();
    c.data.nTrain = 5;
    c.data.nTest = 3;
    const ds = makeDataset(c);
    const csv = datasetToCsv(ds);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('x1,x2,class,split');
    expect(lines).toHaveLength(9);
    expect(lines[6].endsWith(',test')).toBe(true);
    const r = tableToPoints(table(csv), cols);
    expect(r.ok && r.points[0]).toEqual([ds.train.x[0], ds.train.x[1], ds.train.labels?.[0]]);
  });

  it('writes regression sets with their target columns, and matrix once', () => {
    const c = defaultConfig();
    c.data = { ...c.data, kind: 'square', nTrain: 2, nTest: 1 };
    c.train.loss = 'mse';
    expect(datasetToCsv(makeDataset(c)).split('\n')[0]).toBe('x1,y1,split');
    c.data.kind = 'matrix';
    c.model.d = 2;
    expect(datasetToCsv(makeDataset(c)).trim().split('\n')).toHaveLength(3);
  });
});

describe('withCustomPoints', () => {
  it('makes a custom config holding out a quarter for testing, with cross-entropy', () => {
    const c = defaultConfig();
    c.data.kind = 'square';
    c.train.loss = 'mse';
    const pts = Array.from({ length: 10 }, (_, i) => [i, -i, i % 2] as [number, number, 0 | 1]);
    const r = withCustomPoints(c, pts);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.data).toMatchObject({ kind: 'custom', nTrain: 8, nTest: 2, points: pts });
    expect(r.config.train.loss).toBe('xent');
  });

  it('refuses a single point with the config message', () => {
    const r = withCustomPoints(defaultConfig(), [[0, 0, 0]]);
    expect(r.ok || r.errors[0].message).toMatch(/at least 2 points \(has 1\)/);
  });
});
