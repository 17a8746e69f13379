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
  /** Count and bytes per "type name" (for objects the constructor's name), for telling what grew. */
  byName?: Record<string, { count: number; bytes: number }>;
}

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings?: string[];
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

export function heapComposition(snapshot: SnapshotJson, withNames = false): HeapComposition {
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0] as string[];
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  if (typeAt < 0 || sizeAt < 0 || !Array.isArray(typeNames)) throw new Error('not a V8 heap snapshot (no type or self_size field)');
  const nameAt = fields.indexOf('name');
  const byType: Record<string, number> = {};
  const byName: Record<string, { count: number; bytes: number }> = {};
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += stride) {
    const type = typeNames[nodes[i + typeAt]] ?? 'unknown';
    byType[type] = (byType[type] ?? 0) + nodes[i + sizeAt];
    if (withNames && snapshot.strings && nameAt >= 0) {
      // Strings' names are their contents: grouped as one.
      const name = STRING_TYPES.has(type) || type === 'number' ? '' : (snapshot.strings[nodes[i + nameAt]] ?? '').slice(0, 60);
      const key = `${type} ${name}`.trim();
      const entry = (byName[key] ??= { count: 0, bytes: 0 });
      entry.count += 1;
      entry.bytes += nodes[i + sizeAt];
    }
  }
  let codeBytes = 0;
  let stringBytes = 0;
  let totalBytes = 0;
  for (const [name, bytes] of Object.entries(byType)) {
    totalBytes += bytes;
    if (name === 'code') codeBytes += bytes;
    else if (STRING_TYPES.has(name)) stringBytes += bytes;
  }
  return {
    byType,
    codeBytes,
    stringBytes,
    objectBytes: totalBytes - codeBytes - stringBytes,
    totalBytes,
    nodes: nodes.length / stride,
    ...(withNames ? { byName } : {}),
  };
}

export interface NameGrowth {
  name: string;
  count: number;
  bytes: number;
}

/** What grew most between two snapshots, by bytes (kinds that grew in count only come after). */
export function growthBetween(before: HeapComposition, after: HeapComposition, top = 12): NameGrowth[] {
  const a = before.byName ?? {};
  const b = after.byName ?? {};
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: NameGrowth[] = [];
  for (const name of names) {
    const count = (b[name]?.count ?? 0) - (a[name]?.count ?? 0);
    const bytes = (b[name]?.bytes ?? 0) - (a[name]?.bytes ?? 0);
    if (count > 0 || bytes > 0) out.push({ name, count, bytes });
  }
  return out.sort((x, y) => y.bytes - x.bytes || y.count - x.count).slice(0, top);
}
