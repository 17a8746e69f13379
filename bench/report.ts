// The bench's answer: one row per bar of DESIGN.md section 5 (goal, what was measured, verdict),
// as a text table for the terminal and the same rows in bench-results/<timestamp>.json.
import fs from 'node:fs';
import path from 'node:path';

/** `n/a`: the run did not meet the bar's conditions (e.g. --quick, fewer clients), so no verdict. */
export type Verdict = 'pass' | 'fail' | 'n/a';

export interface BarRow {
  bar: string;
  goal: string;
  measured: string;
  verdict: Verdict;
  /** Why n/a, or what the number rests on. */
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  caveats: string[];
  bars: BarRow[];
  scenarios: Record<string, unknown>;
}

/** Pads to a width counted in code points (the table holds "≤" and "µ"). */
function pad(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? text : text + ' '.repeat(width - len);
}

/** Breaks text into lines of at most `width` code points, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if ([...candidate].length <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while ([...rest].length > width) {
        lines.push([...rest].slice(0, width).join(''));
        rest = [...rest].slice(width).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

const VERDICT_TEXT: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', 'n/a': 'n/a' };

export function renderTable(rows: readonly BarRow[], widths = { bar: 34, goal: 30, measured: 46, verdict: 6 }): string {
  const header = { bar: 'bar', goal: 'goal', measured: 'measured', verdict: 'result' };
  const cols = ['bar', 'goal', 'measured', 'verdict'] as const;
  const rule = '+' + cols.map((c) => '-'.repeat(widths[c] + 2)).join('+') + '+';
  const line = (cells: Record<(typeof cols)[number], string[]>) => {
    const height = Math.max(...cols.map((c) => cells[c].length));
    const out: string[] = [];
    for (let i = 0; i < height; i++) out.push('| ' + cols.map((c) => pad(cells[c][i] ?? '', widths[c])).join(' | ') + ' |');
    return out;
  };
  const out = [rule, ...line({ bar: [header.bar], goal: [header.goal], measured: [header.measured], verdict: [header.verdict] }), rule];
  for (const row of rows) {
    const measured = row.note ? `${row.measured} (${row.note})` : row.measured;
    out.push(
      ...line({
        bar: wrap(row.bar, widths.bar),
        goal: wrap(row.goal, widths.goal),
        measured: wrap(measured, widths.measured),
        verdict: [VERDICT_TEXT[row.verdict]],
      }),
    );
    out.push(rule);
  }
  return out.join('\n');
}

/** `2026-11-22T06-15-03Z`: sortable, and safe in a file name. */
export function timestampForFile(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export function writeReport(dir: string, report: BenchReport): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${timestampForFile(new Date(report.startedAt))}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

export function formatRate(eventsPerSecond: number | null | undefined): string {
  if (eventsPerSecond === null || eventsPerSecond === undefined || !Number.isFinite(eventsPerSecond)) return '-';
  return `${Math.round(eventsPerSecond).toLocaleString('en-US')}/s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '-';
  const abs = Math.abs(bytes);
  if (abs >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (abs >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}
