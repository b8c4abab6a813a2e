import { describe, expect, it } from 'vitest';
import {
  countJsonPointsInSlices,
  countTablePoints,
  countTablePointsInSlices,
  fitToStage,
  guessColumns,
  guessLabelColumn,
  ImportError,
  jsonPoints,
  parseTable,
  pointsCsv,
  tableLabels,
  tablePoints,
  trajectoriesCsv,
  withHeader,
} from './pointImport';

describe('point import', () => {
  it('detects a header and the x / y columns', () => {
    const t = parseTable('id,label,x,y\n1,a,0.5,1.5\n2,b,-1,2\n');
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['id', 'label', 'x', 'y']);
    expect(guessColumns(t)).toEqual({ x: 2, y: 3 });
    expect(Array.from(tablePoints(t, 2, 3))).toEqual([0.5, 1.5, -1, 2]);
  });

  it('reads headerless semicolon, tab and space separated files', () => {
    for (const sep of [';', '\t', '  ']) {
      const t = parseTable(`1${sep}2\n3${sep}4\n`);
      expect(t.hasHeader).toBe(false);
      expect(Array.from(tablePoints(t, 0, 1))).toEqual([1, 2, 3, 4]);
    }
  });

  it('reads quoted cells holding delimiters, quotes and line breaks, and names the right line after them', () => {
    const text = 'label,x,y\r\n"a, ""quoted""\r\nnote",1,2\r\n# a comment\r\n\r\n"b",3,4\r\nc,5,oops\r\n';
    const t = parseTable(text);
    expect(t.hasHeader).toBe(true);
    expect(t.rows[0]).toEqual(['a, "quoted"\r\nnote', '1', '2']);
    expect(t.rows.map((r) => r[0])).toEqual(['a, "quoted"\r\nnote', 'b', 'c']);
    // The quoted cell spans lines 2-3, then a comment (4) and a blank line (5): "c" is on line 7.
    expect(t.lines).toEqual([2, 6, 7]);
    expect(() => tablePoints(t, 1, 2)).toThrow(/line 7.*"y".*not a finite number/);
  });

  it('lets the user flip the header choice', () => {
    const t = parseTable('1,2\n3,4\n');
    const h = withHeader(t, true);
    expect(h.columns).toEqual(['1', '2']);
    expect(h.rows).toEqual([['3', '4']]);
    expect(withHeader(h, false).rows).toEqual([['1', '2'], ['3', '4']]);
  });

  it('refuses NaN, empty and huge cells with the line', () => {
    expect(() => tablePoints(parseTable('x,y\n1,2\n3,abc\n'), 0, 1)).toThrow(/line 3.*"y".*not a finite number/);
    expect(() => tablePoints(parseTable('x,y\n1,2\n3,1e12\n'), 0, 1)).toThrow(/too large/);
    expect(() => tablePoints(parseTable('x,y\n1,2\n3,\n'), 0, 1)).toThrow(ImportError);
  });

  it('refuses more than 20,000 points', () => {
    const text = Array.from({ length: 20001 }, (_, i) => `${i % 7},${i % 5}`).join('\n');
    expect(() => tablePoints(parseTable(text), 0, 1)).toThrow(/20,001 points; a cloud holds at most 20,000/);
    expect(() => jsonPoints(JSON.stringify(Array.from({ length: 20001 }, () => [0, 0])))).toThrow(/at most 20,000/);
  });

  it('reads JSON in three shapes', () => {
    expect(Array.from(jsonPoints('[[1,2],[3,4]]'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(jsonPoints('{"points":[[1,2]]}'))).toEqual([1, 2]);
    expect(Array.from(jsonPoints('[{"x":1,"y":2}]'))).toEqual([1, 2]);
    expect(() => jsonPoints('[[1,null]]')).toThrow(/point 0/);
  });

  it('fits data outside the stage into [-5, 5] keeping the aspect ratio', () => {
    const p = new Float32Array([100, 200, 300, 200, 200, 250]);
    const f = fitToStage(p);
    expect(f.scale).toBeCloseTo(5 / 100);
    expect(Array.from(f.points)).toEqual([-5, -1.25, 5, -1.25, 0, 1.25].map(Math.fround));
    const inside = new Float32Array([1, 2, -3, 4]);
    expect(fitToStage(inside)).toEqual({ points: inside, scale: 1, center: [0, 0] });
  });

  it('writes CSV that reads back exactly', () => {
    const p = new Float32Array([0.1, -2.5, 1e-7, 3.3333333]);
    expect(tablePoints(parseTable(pointsCsv(p)), 0, 1)).toEqual(p);
    const tr = trajectoriesCsv(new Float32Array([0, 0, 1, 1, 2, 2]), 1, 2);
    expect(tr).toBe('particle,step,t,x,y\n0,0,0,0,0\n0,1,0.5,1,1\n0,2,1,2,2\n');
  });

  it('refuses a 1,000,000-line file with its point count, without a stack overflow', () => {
    const text = `x,y\n${new Array<string>(1_000_000).fill('0.25,-1.5').join('\n')}\n`;
    const t0 = performance.now();
    expect(countTablePoints(text)).toBe(1_000_000);
    // About 10 MB: counted in well under a second (the app does it in slices, pausing between them).
    expect(performance.now() - t0).toBeLessThan(1000);
    let error: unknown;
    try {
      parseTable(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toBe('the file holds 1,000,000 points; a cloud holds at most 20,000');
  });

  it('counts points in slices exactly as in one go: header, blank and comment lines, CRLF', async () => {
    const text = '\uFEFF# made by hand\r\nx;y\r\n1;2\r\n\r\n  # a note\r\n3;4\r\n   5;6\r\n7;8';
    expect(countTablePoints(text)).toBe(4);
    expect(parseTable(text).rows).toHaveLength(4);
    let pauses = 0;
    const pause = async () => {
      pauses++;
    };
    for (const slice of [1, 2, 3, 7, 1000]) expect(await countTablePointsInSlices(text, pause, slice)).toBe(4);
    expect(pauses).toBeGreaterThan(text.length);
    expect(countTablePoints('1 2\n3 4\n')).toBe(2);
    expect(countTablePoints('')).toBe(0);
    expect(await countJsonPointsInSlices('[[1,2],[3,4],[5,6]]', pause, 4)).toBe(3);
    expect(await countJsonPointsInSlices('{"points":[[1,2],[3,4]]}', pause)).toBe(2);
    expect(await countJsonPointsInSlices('[{"x":1,"y":2},{"x":3,"y":4}]', pause)).toBe(2);
  });

  it('refuses a one-column file, and x and y from the same column, with a clear message', () => {
    expect(() => parseTable('1\n2\n3\n')).toThrow(/^the file has one column; a point needs two, x and y/);
    expect(() => parseTable('value\n1\n2\n')).toThrow(/^the file has one column \("value"\); a point needs two/);
    const t = parseTable('a,b\n1,2\n');
    expect(() => tablePoints(t, 0, 0)).toThrow(/^x and y are both the column "a"; choose two different columns$/);
  });
});

describe('label column', () => {
  it('finds a label column, reads classes 0..3, and round-trips labelled CSV', () => {
    const p = new Float32Array([0.5, -1, 2, 3, -0.25, 4]);
    const labels = Uint8Array.from([3, 0, 1]);
    const csv = pointsCsv(p, labels);
    expect(csv.split('\n')[0]).toBe('x,y,label');
    const t = parseTable(csv);
    const { x, y } = guessColumns(t);
    expect(tablePoints(t, x, y)).toEqual(p);
    const col = guessLabelColumn(t, x, y);
    expect(col).toBe(2);
    expect(Array.from(tableLabels(t, col!))).toEqual([3, 0, 1]);
    expect(guessLabelColumn(parseTable('x,y\n1,2\n'), 0, 1)).toBeNull();
  });

  it('numbers named classes in order of appearance, and refuses a fifth class or an empty cell', () => {
    const t = parseTable('x,y,class\n1,2,cat\n3,4,dog\n5,6,cat\n');
    expect(Array.from(tableLabels(t, 2))).toEqual([0, 1, 0]);
    // 7 is not a class 0..3, so the column is read as names.
    expect(Array.from(tableLabels(parseTable('x,y,label\n1,2,7\n3,4,0\n'), 2))).toEqual([0, 1]);
    expect(() => tableLabels(parseTable('x,y,c\n0,0,a\n0,0,b\n0,0,c\n0,0,d\n0,0,e\n'), 2)).toThrow(/line 6, column "c": a cloud holds at most 4 classes, and "e" is a fifth/);
    expect(() => tableLabels(parseTable('x,y,label\n1,2,0\n3,4,\n'), 2)).toThrow(/line 3, column "label" \(the label\) is empty/);
  });
});
