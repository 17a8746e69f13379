// What a V8 heap snapshot is made of, by kind: the page's own JavaScript objects, strings, and
// compiled code (bytecode and machine code V8 keeps for the functions it has run). A heap that
// grows only in compiled code is the engine warming up, not the page holding on to data; the
// soak tells the two apart with this.

export interface HeapComposition {
  /** Self sizes summed by the snapshot's node type ("object", "closure", "code", "string", ...). */
  byType: Record<string, number>;
  codeBytes: number;
  stringBytes: number;
  /** Everything that is neither code nor strings: objects, arrays, closures, shapes, numbers. */
  objectBytes: number;
  totalBytes: number;
  nodes: number;
}

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

export function heapComposition(snapshot: SnapshotJson): HeapComposition {
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0] as string[];
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  if (typeAt < 0 || sizeAt < 0 || !Array.isArray(typeNames)) throw new Error('not a V8 heap snapshot (no type or self_size field)');
  const byType: Record<string, number> = {};
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += stride) {
    const name = typeNames[nodes[i + typeAt]] ?? 'unknown';
    byType[name] = (byType[name] ?? 0) + nodes[i + sizeAt];
  }
  let codeBytes = 0;
  let stringBytes = 0;
  let totalBytes = 0;
  for (const [name, bytes] of Object.entries(byType)) {
    totalBytes += bytes;
    if (name === 'code') codeBytes += bytes;
    else if (STRING_TYPES.has(name)) stringBytes += bytes;
  }
  return { byType, codeBytes, stringBytes, objectBytes: totalBytes - codeBytes - stringBytes, totalBytes, nodes: nodes.length / stride };
}
