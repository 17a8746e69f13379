import { describe, expect, it } from 'vitest';
import { copyText } from '../../../bench/reports/copy-writer.ts';

describe('copyText (COPY text format)', () => {
  it('writes null as \\N and escapes the separators', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyText('Jl. Gatot Subroto')).toBe('Jl. Gatot Subroto');
  });
  it('writes dates as ISO instants, booleans as t/f, objects as JSON', () => {
    expect(copyText(new Date('2026-12-07T01:02:03.004Z'))).toBe('2026-12-07T01:02:03.004Z');
    expect(copyText(true)).toBe('t');
    expect(copyText(false)).toBe('f');
    expect(copyText(12.5)).toBe('12.5');
    expect(copyText(Number.NaN)).toBe('\\N');
    expect(copyText({ kind: 'daily', note: 'a\nb' })).toBe('{"kind":"daily","note":"a\\\\nb"}');
  });
});
