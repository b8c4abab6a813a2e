/**
 * Points from a user's file: CSV / TSV (choose the x and y columns, header detected) or JSON
 * ([[x, y], ...], {"points": [[x, y], ...]}, [{"x": .., "y": ..}, ...]). Pure: no DOM, runs in Node.
 *
 * Refused with a message: a cell that is not a finite number, |value| > MAX_IMPORT_VALUE, more than
 * MAX_CLOUD_POINTS points (counted before any array is built, so a file of millions of lines is
 * refused at once; the app counts in slices between which the page stays responsive), a table of
 * one column, or no points at all. Data outside the stage's [-FIT_EXTENT, FIT_EXTENT]
 * is centred and scaled (one factor for both axes, so the shape keeps its aspect ratio) to fit.
 * An optional label column gives each point a class (labels.ts): whole numbers 0..3, or up to four
 * names (classes in order of first appearance).
 */
import { dsvFormat } from 'd3';
import { MAX_CLOUD_POINTS } from './config';
import { formatFloat32 } from './float32Text';
import { MAX_CLASSES } from './labels';

/** Imported data is fit into [-FIT_EXTENT, FIT_EXTENT] on both axes when it falls outside. */
export const FIT_EXTENT = 5;
/** Larger magnitudes are refused as "huge" (likely not coordinates, or a broken file). */
export const MAX_IMPORT_VALUE = 1e9;
/** Files larger than this are refused before reading. */
export const MAX_IMPORT_BYTES = 20_000_000;

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface Table {
  /** Column names: the header row, or "column 1", "column 2", ... */
  columns: string[];
  /** Data rows (the header excluded), each as cell texts. */
  rows: string[][];
  /** 1-based line number of each row in the file, for messages. */
  lines: number[];
  hasHeader: boolean;
  delimiter: string;
}

const isNumberText = (s: string): boolean => {
  const t = s.trim();
  return t !== '' && Number.isFinite(Number(t));
};

/** One line's cells: d3-dsv's parser (quoted cells, doubled quotes) or, for spaces, runs of whitespace. */
function splitLine(line: string, delimiter: string): string[] {
  if (delimiter === ' ') return line.trim().split(/\s+/);
  return (dsvFormat(delimiter).parseRows(line)[0] ?? ['']).map((c) => c.trim());
}

/** Line breaks inside a row's cells (a quoted cell may span lines). */
const breaksIn = (row: readonly string[]): number => {
  let n = 0;
  for (const c of row) n += (c.match(/\r\n|\n|\r/g) ?? []).length;
  return n;
};

/**
 * The data rows of a text with the line each starts on: d3-dsv parses the whole text (so a quoted
 * cell may hold the delimiter, quotes and line breaks); blank rows and # comment lines are skipped.
 */
function dataRows(text: string, delimiter: string): { cells: string[][]; lineNos: number[] } {
  const body = text.replace(/^\uFEFF/, '');
  const cells: string[][] = [];
  const lineNos: number[] = [];
  if (delimiter === ' ') {
    body.split(/\r\n|\n|\r/).forEach((l, i) => {
      if (l.trim() === '' || l.trimStart().startsWith('#')) return;
      cells.push(splitLine(l, ' '));
      lineNos.push(i + 1);
    });
    return { cells, lineNos };
  }
  let line = 1;
  for (const row of dsvFormat(delimiter).parseRows(body)) {
    const blank = row.every((c) => c.trim() === '');
    if (!blank && !row[0].trimStart().startsWith('#')) {
      cells.push(row.map((c) => c.trim()));
      lineNos.push(line);
    }
    line += 1 + breaksIn(row);
  }
  return { cells, lineNos };
}

/** Which delimiter splits the first lines into the most, equal, columns. */
function detectDelimiter(lines: string[]): string {
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', ' ']) {
    const counts = lines.slice(0, 20).map((l) => splitLine(l, d).length);
    const min = Math.min(...counts);
    const same = counts.every((c) => c === counts[0]);
    const score = min > 1 ? min * (same ? 2 : 1) : 0;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** The refusal of a file with more points than a cloud holds. */
export const tooManyPoints = (n: number): ImportError =>
  new ImportError(`the file holds ${n.toLocaleString('en-US')} points; a cloud holds at most ${MAX_CLOUD_POINTS.toLocaleString('en-US')}`);

/**
 * Counts the data lines of a text (not blank, not a # comment), fed in slices in order, so a caller
 * can pause between slices. A char loop: no split, no arrays, nothing spread into a call.
 */
export class DataLineCounter {
  lines = 0;
  /** Past the first non-blank character of the current line. */
  private inLine = false;

  feed(text: string, start = 0, end = text.length): void {
    let lines = this.lines;
    let inLine = this.inLine;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) inLine = false;
      else if (!inLine && c !== 32 && c !== 9 && c !== 0xfeff && c !== 11 && c !== 12 && c !== 0xa0) {
        inLine = true;
        if (c !== 35) lines++;
      }
    }
    this.lines = lines;
    this.inLine = inLine;
  }
}

/** The first data lines of a text (for the delimiter and the header), read from its beginning only. */
function firstDataLines(text: string, max = 20): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < max && from < text.length) {
    let end = from;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const line = text.slice(from, end);
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) out.push(from === 0 ? line.replace(/^\uFEFF/, '') : line);
    from = end + 1;
  }
  return out;
}

/** Whether the first row is a header: a non-numeric cell over a row with numbers. */
function isHeader(first: string[], second: string[] | undefined): boolean {
  return first.some((c) => !isNumberText(c)) && (second === undefined || second.some(isNumberText));
}

/** Points in a delimited text once the header (if any) is set apart, from a count of its data lines. */
function pointsFromLines(text: string, lines: number): number {
  const head = firstDataLines(text, 20);
  if (head.length === 0) return 0;
  const d = detectDelimiter(head);
  return lines - (isHeader(splitLine(head[0], d), head[1] === undefined ? undefined : splitLine(head[1], d)) ? 1 : 0);
}

/** How many points a delimited text holds (its data lines, less a header), without building any array. */
export function countTablePoints(text: string): number {
  const c = new DataLineCounter();
  c.feed(text);
  return pointsFromLines(text, c.lines);
}

/** countTablePoints in slices, awaiting `pause` between them (the page stays responsive on a huge file). */
export async function countTablePointsInSlices(text: string, pause: () => Promise<void>, slice = 1 << 21): Promise<number> {
  const c = new DataLineCounter();
  for (let i = 0; i < text.length; i += slice) {
    c.feed(text, i, Math.min(text.length, i + slice));
    if (i + slice < text.length) await pause();
  }
  return pointsFromLines(text, c.lines);
}

/**
 * How many points a JSON points file holds, from its brackets: [[x, y], ...] and {"points": [[x, y], ...]}
 * have one "[" per point plus one, [{"x": .., "y": ..}, ...] one "{" per point. Exact for those forms
 * (unless strings hold brackets); used to refuse a huge file before JSON.parse.
 */
export async function countJsonPointsInSlices(text: string, pause: () => Promise<void>, slice = 1 << 21): Promise<number> {
  let brackets = 0;
  let braces = 0;
  for (let i = 0; i < text.length; i += slice) {
    const end = Math.min(text.length, i + slice);
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 91) brackets++;
      else if (c === 123) braces++;
    }
    if (end < text.length) await pause();
  }
  return Math.max(brackets - 1, braces);
}

/** Parse delimited text into a table; the header is detected (a first row with a non-numeric cell over numeric data). */
export function parseTable(text: string): Table {
  // Count first: a file of a million lines is refused before it is split into arrays.
  const n = countTablePoints(text);
  if (n > MAX_CLOUD_POINTS) throw tooManyPoints(n);
  const head = firstDataLines(text, 20);
  if (head.length === 0) throw new ImportError('the file holds no rows');
  const delimiter = detectDelimiter(head);
  const { cells, lineNos } = dataRows(text, delimiter);
  if (cells.length === 0) throw new ImportError('the file holds no rows');
  const first = cells[0];
  const second = cells[1];
  const hasHeader = isHeader(first, second);
  let width = 0;
  for (const r of cells) if (r.length > width) width = r.length;
  if (width < 2) {
    throw new ImportError(
      `the file has one column${hasHeader ? ` ("${first[0]}")` : ''}; a point needs two, x and y (separated by a comma, semicolon, tab or space)`,
    );
  }
  const columns = Array.from({ length: width }, (_, i) => (hasHeader && first[i] ? first[i] : `column ${i + 1}`));
  return {
    columns,
    rows: hasHeader ? cells.slice(1) : cells,
    lines: hasHeader ? lineNos.slice(1) : lineNos,
    hasHeader,
    delimiter,
  };
}

/** Re-read a table with the header choice flipped by the user. */
export function withHeader(table: Table, hasHeader: boolean): Table {
  if (table.hasHeader === hasHeader) return table;
  if (hasHeader) {
    const [head, ...rows] = table.rows;
    if (!head) throw new ImportError('the file holds no rows');
    return { ...table, hasHeader, columns: table.columns.map((c, i) => head[i] || c), rows, lines: table.lines.slice(1) };
  }
  const head = table.columns;
  return {
    ...table,
    hasHeader,
    columns: head.map((_, i) => `column ${i + 1}`),
    rows: [head, ...table.rows],
    lines: [table.lines[0] - 1, ...table.lines],
  };
}

/** Guess the x and y columns: ones named x / y, else the first two numeric columns. */
export function guessColumns(table: Table): { x: number; y: number } {
  const names = table.columns.map((c) => c.trim().toLowerCase());
  const xi = names.findIndex((n) => n === 'x' || n === 'x0' || n === 'lon' || n === 'longitude');
  const yi = names.findIndex((n) => n === 'y' || n === 'y0' || n === 'lat' || n === 'latitude');
  if (xi >= 0 && yi >= 0 && xi !== yi) return { x: xi, y: yi };
  const sample = table.rows.slice(0, 20);
  const numeric = table.columns.map((_, i) => sample.length > 0 && sample.every((r) => isNumberText(r[i] ?? '')));
  const cols = numeric.flatMap((ok, i) => (ok ? [i] : []));
  if (cols.length >= 2) return { x: cols[0], y: cols[1] };
  return { x: 0, y: Math.min(1, table.columns.length - 1) };
}

function checkValue(v: number, what: () => string): number {
  if (!Number.isFinite(v)) throw new ImportError(`${what()} is not a finite number`);
  if (Math.abs(v) > MAX_IMPORT_VALUE) throw new ImportError(`${what()} is too large (${v}; at most ±${MAX_IMPORT_VALUE.toExponential(0)})`);
  return v;
}

function checkCount(n: number): void {
  if (n === 0) throw new ImportError('the file holds no points');
  if (n > MAX_CLOUD_POINTS) throw tooManyPoints(n);
}

/** The chosen columns of a table as interleaved x, y. */
export function tablePoints(table: Table, xCol: number, yCol: number): Float32Array {
  if (xCol === yCol) throw new ImportError(`x and y are both the column "${table.columns[xCol] ?? xCol + 1}"; choose two different columns`);
  checkCount(table.rows.length);
  const out = new Float32Array(2 * table.rows.length);
  table.rows.forEach((row, i) => {
    for (const [k, col] of [[0, xCol], [1, yCol]] as const) {
      const cell = row[col];
      const where = () => `line ${table.lines[i]}, column "${table.columns[col] ?? col + 1}" (${JSON.stringify((cell ?? '').slice(0, 30))})`;
      if (cell === undefined || cell.trim() === '') throw new ImportError(`${where()} is empty`);
      out[2 * i + k] = checkValue(Number(cell), where);
    }
  });
  return out;
}

/** Names of a label column, lower case. */
const LABEL_NAMES = ['label', 'labels', 'class', 'classes', 'category', 'target', 'c'];

/** The label column: one named label / class / category (not x or y), or null. */
export function guessLabelColumn(table: Table, xCol: number, yCol: number): number | null {
  const i = table.columns.findIndex((c, k) => k !== xCol && k !== yCol && LABEL_NAMES.includes(c.trim().toLowerCase()));
  return i >= 0 ? i : null;
}

/**
 * The classes in a table column: whole numbers 0 .. MAX_CLASSES - 1 as they are, else up to
 * MAX_CLASSES distinct names, numbered in the order they first appear. Empty cells are refused.
 */
export function tableLabels(table: Table, col: number): Uint8Array {
  const name = table.columns[col] ?? `column ${col + 1}`;
  const cells = table.rows.map((r, i) => {
    const cell = (r[col] ?? '').trim();
    if (cell === '') throw new ImportError(`line ${table.lines[i]}, column "${name}" (the label) is empty`);
    return cell;
  });
  const asClass = (c: string) => (/^\d+$/.test(c) ? Number(c) : NaN);
  if (cells.every((c) => asClass(c) < MAX_CLASSES)) return Uint8Array.from(cells, asClass);
  const classes = new Map<string, number>();
  const out = new Uint8Array(cells.length);
  cells.forEach((c, i) => {
    let k = classes.get(c);
    if (k === undefined) {
      if (classes.size === MAX_CLASSES) {
        throw new ImportError(`line ${table.lines[i]}, column "${name}": a cloud holds at most ${MAX_CLASSES} classes, and ${JSON.stringify(c.slice(0, 30))} is a fifth`);
      }
      k = classes.size;
      classes.set(c, k);
    }
    out[i] = k;
  });
  return out;
}

/** Points from JSON text: [[x, y], ...], {"points": [[x, y], ...]}, or [{"x": .., "y": ..}, ...]. */
export function jsonPoints(text: string): Float32Array {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`the file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const list = Array.isArray(json) ? json : json !== null && typeof json === 'object' ? (json as { points?: unknown }).points : undefined;
  if (!Array.isArray(list)) throw new ImportError('the JSON must be [[x, y], ...], {"points": [[x, y], ...]} or [{"x": .., "y": ..}, ...]');
  checkCount(list.length);
  const out = new Float32Array(2 * list.length);
  list.forEach((p: unknown, i) => {
    let x: unknown;
    let y: unknown;
    if (Array.isArray(p) && p.length >= 2) [x, y] = p;
    else if (p !== null && typeof p === 'object') ({ x, y } = p as { x?: unknown; y?: unknown });
    if (typeof x !== 'number' || typeof y !== 'number') throw new ImportError(`point ${i} must be [x, y] or {"x": .., "y": ..} with two numbers`);
    out[2 * i] = checkValue(x, () => `point ${i} x`);
    out[2 * i + 1] = checkValue(y, () => `point ${i} y`);
  });
  return out;
}

export interface FitResult {
  points: Float32Array;
  /** 1 when the data already lay inside the stage. */
  scale: number;
  /** The data's centre that was moved to the origin (0, 0 when not rescaled). */
  center: [number, number];
}

/** Centre and scale the points (one factor, keeping the aspect ratio) into [-extent, extent] when any lies outside. */
export function fitToStage(points: Float32Array, extent = FIT_EXTENT): FitResult {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]);
    maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]);
    maxY = Math.max(maxY, points[i + 1]);
  }
  const inside = minX >= -extent && maxX <= extent && minY >= -extent && maxY <= extent;
  if (points.length === 0 || inside) return { points, scale: 1, center: [0, 0] };
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const half = Math.max(maxX - minX, maxY - minY) / 2;
  const scale = half > 0 ? extent / half : 1;
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    out[i] = (points[i] - cx) * scale;
    out[i + 1] = (points[i + 1] - cy) * scale;
  }
  return { points: out, scale, center: [cx, cy] };
}

/** A short human text for a scale factor ("×0.0125", "×40"). */
export function formatScale(scale: number): string {
  return `×${Number(scale.toPrecision(3))}`;
}

// ---------------------------------------------------------------------------------------------
// Export

/** Shortest text that reads back to the same 32-bit float. */
/** "x,y" CSV with a header; with labels, "x,y,label". */
export function pointsCsv(points: Float32Array, labels?: Uint8Array | null): string {
  const parts = [labels ? 'x,y,label' : 'x,y'];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const xy = `${formatFloat32(points[i])},${formatFloat32(points[i + 1])}`;
    parts.push(labels ? `${xy},${labels[i >> 1]}` : xy);
  }
  return `${parts.join('\n')}\n`;
}

/** Trajectories ([particle][step][xy]) as "particle,step,t,x,y" CSV. */
export function trajectoriesCsv(traj: Float32Array, particles: number, steps: number): string {
  const parts = ['particle,step,t,x,y'];
  const stride = 2 * (steps + 1);
  for (let i = 0; i < particles; i++) {
    for (let k = 0; k <= steps; k++) {
      const o = i * stride + 2 * k;
      parts.push(`${i},${k},${formatFloat32(k / steps)},${formatFloat32(traj[o])},${formatFloat32(traj[o + 1])}`);
    }
  }
  return `${parts.join('\n')}\n`;
}
