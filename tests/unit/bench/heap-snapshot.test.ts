import { describe, expect, it } from 'vitest';
import { growthBetween, heapComposition } from '../../../bench/stats/heap-snapshot.ts';

describe('heapComposition', () => {
  it('sums self sizes by node type and splits code, strings and objects', () => {
    const types = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'concatenated string'];
    const fields = ['type', 'name', 'id', 'self_size', 'edge_count'];
    // type, name, id, self_size, edge_count
    const nodes = [3, 0, 1, 100, 0, 4, 0, 3, 40, 0, 2, 0, 5, 10, 0, 5, 0, 7, 30, 0, 4, 0, 9, 60, 0, 6, 0, 11, 5, 0];
    const c = heapComposition({ snapshot: { meta: { node_fields: fields, node_types: [types, 'string'] } }, nodes });
    expect(c.byType).toEqual({ object: 100, code: 100, string: 10, closure: 30, 'concatenated string': 5 });
    expect(c).toMatchObject({ codeBytes: 100, stringBytes: 15, objectBytes: 130, totalBytes: 245, nodes: 6 });
  });

  it('refuses what is not a snapshot', () => {
    expect(() => heapComposition({ snapshot: { meta: { node_fields: ['name'], node_types: [[]] } }, nodes: [] })).toThrow(/not a V8 heap snapshot/);
  });

  it('says what grew between two snapshots, by constructor name', () => {
    const types = ['object', 'code', 'string'];
    const fields = ['type', 'name', 'self_size'];
    const strings = ['Marker', 'Complaint', 'hello', 'fn'];
    const meta = { node_fields: fields, node_types: [types] };
    const before = heapComposition({ snapshot: { meta }, strings, nodes: [0, 0, 10, 0, 1, 20, 2, 2, 5, 1, 3, 50] }, true);
    const after = heapComposition({ snapshot: { meta }, strings, nodes: [0, 0, 10, 0, 1, 20, 0, 1, 20, 0, 1, 20, 2, 2, 9, 1, 3, 50] }, true);
    expect(after.byName?.['object Complaint']).toEqual({ count: 3, bytes: 60 });
    expect(growthBetween(before, after)).toEqual([
      { name: 'object Complaint', count: 2, bytes: 40 },
      { name: 'string', count: 0, bytes: 4 },
    ]);
  });
});
