import { describe, expect, it } from 'vitest';
import { heapComposition } from '../../../bench/stats/heap-snapshot.ts';

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
});
