// The queue's pure parts: the routing suggestion with why (category, area, keyword), a secret
// complaint's details, and the status webhook's signature and backoff.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReferenceSnapshot } from '../../../server/repositories/reference-repository.ts';
import type { RoutingRule } from '../../../server/domain/complaints/complaint-routing.ts';
import { queueItemOf, suggestionFor } from '../../../server/operators/operator-queue.ts';
import type { QueueRow } from '../../../server/operators/operator-repository.ts';
import { backoffMs, idempotencyKeyOf, signBody, verifySignature } from '../../../server/operators/status-webhooks.ts';

const rules: RoutingRule[] = [
  { id: 'default:jalan-rusak', category: 'jalan-rusak', target: { kind: 'opd', code: 'SDABMBK' } },
  { id: 'jalan-nasional', category: 'jalan-rusak', keywords: ['jalan nasional'], target: { kind: 'external', code: 'BBPJN' } },
  { id: 'drainase-belawan', category: 'drainase', kecamatan: ['Medan Belawan'], target: { kind: 'opd', code: 'DLH' } },
];
const ref = {
  opd: new Map([
    ['SDABMBK', { code: 'SDABMBK', name: 'Dinas SDABMBK', shortName: null, kind: 'dinas', external: false }],
    ['DLH', { code: 'DLH', name: 'Dinas Lingkungan Hidup', shortName: 'DLH', kind: 'dinas', external: false }],
    ['BBPJN', { code: 'BBPJN', name: 'Balai Besar Pelaksanaan Jalan Nasional', shortName: null, kind: 'eksternal', external: true }],
  ]),
  kecamatan: new Map([['12.71.21', { code: '12.71.21', name: 'Medan Belawan', population: null, areaKm2: null }]]),
  kelurahan: new Map([['12.71.21.1001', { code: '12.71.21.1001', name: 'Belawan I', kecamatanCode: '12.71.21' }]]),
  categories: new Map([['drainase', { code: 'drainase', name: 'Drainase' }]]),
  channels: new Map([['MRK', 'Medan Rumah Kita']]),
  routingRules: rules,
} as unknown as ReferenceSnapshot;

describe('routing suggestion', () => {
  it('says which conditions of the winning rule matched', () => {
    expect(suggestionFor(ref, { category: 'jalan-rusak', kecamatan: null, title: null, text: 'Lubang di jalan nasional' })).toMatchObject({
      target: { code: 'BBPJN', name: 'Balai Besar Pelaksanaan Jalan Nasional' },
      external: true,
      ruleId: 'jalan-nasional',
      basis: ['category', 'keyword'],
      matchedKeywords: ['jalan nasional'],
    });
    expect(suggestionFor(ref, { category: 'jalan-rusak', kecamatan: null, title: null, text: 'Lubang' })).toMatchObject({ target: { code: 'SDABMBK' }, basis: ['category'] });
    // the kecamatan's name matches the rule's area
    expect(suggestionFor(ref, { category: 'drainase', kecamatan: '12.71.21', title: null, text: '' })).toMatchObject({
      target: { code: 'DLH' },
      basis: ['category', 'area'],
      matchedKecamatan: 'Medan Belawan',
    });
    expect(suggestionFor(ref, { category: 'drainase', kecamatan: null, title: null, text: '' })).toBeNull();
  });
});

describe('queue item', () => {
  const row: QueueRow = {
    id: 'c1',
    version: 3,
    source: 'mrk',
    external_id: 'MRK-1',
    channel: 'MRK',
    category_code: 'drainase',
    kecamatan_code: '12.71.21',
    kelurahan_code: '12.71.21.1001',
    status: 'verified',
    privacy: 'secret',
    submitted_at: '2026-12-07T01:00:00Z',
    title: 'Rahasia',
    text: 'isi rahasia',
    lat: 3.78,
    lon: 98.68,
    media: [{ url: 'https://x.example/1.jpg', kind: 'image' }],
    opd_code: null,
    emergency: false,
    due_at: '2026-12-07T09:00:00Z',
    resolution_due_at: '2026-12-20T09:00:00Z',
    state: 'handed_back',
    last_status: 'verified',
    last_actor: 'staf-dlh',
    last_at: '2026-12-07T05:00:00Z',
    last_reason: 'bukan wilayah kami',
    handed_back_opd: 'DLH',
  };
  const asOf = new Date('2026-12-07T08:00:00Z');

  it('shows time left to the verification deadline, the hand-back and the suggestion', () => {
    const item = queueItemOf(row, ref, null, asOf, true);
    expect(item).toMatchObject({
      clock: { dueAt: '2026-12-07T09:00:00.000Z', msLeft: 3_600_000, overdue: false },
      handedBack: { opd: { code: 'DLH', name: 'Dinas Lingkungan Hidup' }, reason: 'bukan wilayah kami', by: 'staf-dlh' },
      kecamatan: { name: 'Medan Belawan' },
      kelurahan: { name: 'Belawan I' },
      channel: { name: 'Medan Rumah Kita' },
      suggestion: { target: { code: 'DLH' } },
      text: 'isi rahasia',
      media: [{ url: 'https://x.example/1.jpg', kind: 'image' }],
    });
    expect(queueItemOf(row, ref, null, new Date('2026-12-07T10:00:00Z'), true).clock).toMatchObject({ msLeft: -3_600_000, overdue: true });
  });

  it('hides a secret complaint\'s text, place and media from those who may not see them', () => {
    expect(queueItemOf(row, ref, null, asOf, false)).toMatchObject({ title: null, text: null, location: null, kelurahan: null, media: [] });
  });
});

describe('status webhook signature and retries', () => {
  it('signs the exact body with HMAC-SHA256 and verifies in constant time', () => {
    const body = JSON.stringify({ status: 'dispatched', note: 'Diteruskan ke Dinas SDABMBK' });
    const header = signBody('rahasia-yang-panjang', body);
    expect(header).toBe(`sha256=${createHmac('sha256', 'rahasia-yang-panjang').update(body).digest('hex')}`);
    expect(verifySignature('rahasia-yang-panjang', body, header)).toBe(true);
    expect(verifySignature('rahasia-lain', body, header)).toBe(false);
    expect(verifySignature('rahasia-yang-panjang', `${body} `, header)).toBe(false);
    expect(verifySignature('rahasia-yang-panjang', body, undefined)).toBe(false);
    expect(idempotencyKeyOf('c1', 4)).toBe('c1:v4');
  });

  it('backs off by doubling up to a ceiling', () => {
    expect([1, 2, 3, 4, 10, 20].map((n) => backoffMs(n, 5_000, 3_600_000))).toEqual([5_000, 10_000, 20_000, 40_000, 2_560_000, 3_600_000]);
  });
});
