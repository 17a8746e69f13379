import { describe, expect, it } from 'vitest';
import type { QueueItem, RoutingSuggestion } from '../../../../shared/operator-api.ts';
import { createI18n } from '../../../../client/src/i18n/i18n.ts';
import { commandOfKey, conflictText, emptyForm, formErrors, neighbour, successor, takenByOther, timeLeft, whyText } from '../../../../client/src/operator/operator-model.ts';

const items = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
const id = createI18n('id');
const en = createI18n('en');
const suggestion: RoutingSuggestion = {
  target: { code: 'DLH', name: 'Dinas Lingkungan Hidup' },
  external: false,
  ruleId: 'default:sampah',
  basis: ['category', 'keyword'],
  matchedKeywords: ['sampah', 'bau'],
  matchedKecamatan: null,
  explanation: { id: '-', en: '-' },
};

describe('keys', () => {
  it('maps letters and arrows per view; typing in a field is the field’s; Escape always closes', () => {
    expect(commandOfKey({ key: 'j' }, 'command_center', false)).toEqual({ kind: 'next' });
    expect(commandOfKey({ key: 'ArrowUp' }, 'opd', false)).toEqual({ kind: 'prev' });
    expect(commandOfKey({ key: 'D' }, 'command_center', false)).toEqual({ kind: 'act', action: 'dispatch' });
    expect(commandOfKey({ key: 'd' }, 'opd', false)).toBeNull();
    expect(commandOfKey({ key: 'b' }, 'opd', false)).toEqual({ kind: 'act', action: 'hand_back' });
    expect(commandOfKey({ key: 'b' }, 'command_center', false)).toBeNull();
    expect(commandOfKey({ key: 'd' }, 'command_center', true)).toBeNull();
    expect(commandOfKey({ key: 'd', ctrlKey: true }, 'command_center', false)).toBeNull();
    expect(commandOfKey({ key: 'Escape' }, 'command_center', true)).toEqual({ kind: 'cancel' });
  });
});

describe('moving through the queue', () => {
  it('steps without wrapping, and starts at an end when nothing is open', () => {
    expect(neighbour(items, null, 1)).toBe('a');
    expect(neighbour(items, null, -1)).toBe('d');
    expect(neighbour(items, 'b', 1)).toBe('c');
    expect(neighbour(items, 'd', 1)).toBe('d');
    expect(neighbour(items, 'a', -1)).toBe('a');
    expect(neighbour([], 'a', 1)).toBeNull();
  });

  it('after the opened one left the queue, opens the one that took its place', () => {
    expect(successor(items, [{ id: 'a' }, { id: 'c' }, { id: 'd' }], 'b')).toBe('c');
    expect(successor(items, [{ id: 'a' }, { id: 'b' }, { id: 'c' }], 'd')).toBe('c');
    expect(successor(items, [], 'b')).toBeNull();
    expect(successor(items, items, 'b')).toBe('b');
  });
});

describe('words', () => {
  it('says time left or how late, moved on from the queue’s moment', () => {
    const item = { clock: { dueAt: null, msLeft: 2 * 3600_000, overdue: false, resolutionDueAt: null, emergency: false } } as Pick<QueueItem, 'clock'>;
    const asOf = '2026-12-07T01:00:00.000Z';
    expect(timeLeft(item, asOf, Date.parse(asOf), id)).toEqual({ text: 'sisa 2 j', overdue: false });
    expect(timeLeft(item, asOf, Date.parse(asOf) + 3 * 3600_000, en)).toEqual({ text: '1 h late', overdue: true });
  });

  it('explains why the rules suggest an OPD', () => {
    expect(whyText(suggestion, 'id', 'Sampah')).toBe('kategori (Sampah), kata kunci (sampah, bau)');
    expect(whyText({ ...suggestion, basis: ['category', 'area'], matchedKecamatan: 'Medan Belawan' }, 'en', 'Garbage')).toBe('category (Garbage), area (Medan Belawan)');
  });

  it('a stale action says who acted first and when; another refusal gives the server’s words', () => {
    const payload = { error: 'stale_version', message: { id: 'x', en: 'x' }, current: { status: 'dispatched', opd: 'DLH', version: 3 }, lastChange: { actor: 'sari', at: '2026-12-07T02:15:00.000Z', status: 'dispatched' } };
    expect(conflictText(payload, 'x', id)).toBe('Tidak dijalankan: sari sudah mengubah aduan ini pada 09.15 WIB (sekarang: didisposisikan). Antrean dimuat ulang.');
    expect(conflictText({ error: 'illegal_transition' }, 'Status tidak memungkinkan', id)).toBe('Tidak dijalankan: Status tidak memungkinkan');
  });

  it('a lapsed or own "taken" mark is not shown as someone else’s', () => {
    const mark = { username: 'budi', displayName: null, since: '2026-12-07T01:00:00Z', expiresAt: '2026-12-07T01:02:00Z' };
    expect(takenByOther(mark, 'sari', Date.parse('2026-12-07T01:01:00Z'))).toEqual(mark);
    expect(takenByOther(mark, 'budi', Date.parse('2026-12-07T01:01:00Z'))).toBeNull();
    expect(takenByOther(mark, 'sari', Date.parse('2026-12-07T01:03:00Z'))).toBeNull();
  });
});

describe('forms name every missing field at once', () => {
  const received = { status: 'received' as const, opd: null, suggestion };
  it('another OPD: the OPD, and a reason unless it is the suggestion', () => {
    expect(formErrors(emptyForm('other'), received, 'id')).toEqual({ opd: 'wajib diisi', reason: 'wajib diisi' });
    expect(formErrors({ ...emptyForm('other'), opd: 'DLH' }, received, 'id')).toEqual({});
    expect(formErrors({ ...emptyForm('other'), opd: 'SDABMBK' }, received, 'en')).toEqual({ reason: 'required' });
  });
  it('a re-route always needs a reason and another OPD', () => {
    const dispatched = { status: 'dispatched' as const, opd: { code: 'DLH', name: 'DLH' }, suggestion };
    expect(formErrors({ ...emptyForm('other'), opd: 'DLH' }, dispatched, 'id')).toEqual({ opd: 'pilih OPD lain dari OPD sekarang', reason: 'wajib diisi' });
  });
  it('reject, resolve and hand back', () => {
    expect(formErrors(emptyForm('reject'), received, 'id')).toEqual({ externalBody: 'wajib diisi', reason: 'wajib diisi' });
    expect(formErrors({ ...emptyForm('resolve'), photoUrl: 'foto.jpg' }, received, 'id')).toEqual({ note: 'wajib diisi', photoUrl: 'harus alamat http:// atau https://' });
    expect(formErrors({ ...emptyForm('resolve'), note: 'Sudah diangkut', photoUrl: 'https://x/y.jpg' }, received, 'id')).toEqual({});
    expect(formErrors(emptyForm('hand_back'), received, 'id')).toEqual({ reason: 'wajib diisi' });
  });
});
