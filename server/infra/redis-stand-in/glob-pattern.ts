// Redis glob patterns (KEYS, SCAN MATCH, PSUBSCRIBE, PUBSUB CHANNELS): `*`, `?`, `[abc]`,
// `[^a-z]`, and `\` to escape. A port of Redis' stringmatchlen, without the nocase flag.
export function globMatch(pattern: string, text: string): boolean {
  return matchFrom(pattern, 0, text, 0, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number, depth: number): boolean {
  // Same guard as Redis against patterns built to take exponential time.
  if (depth > 1000) return false;
  while (pi < p.length && si <= s.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) {
        if (matchFrom(p, pi + 1, s, k, depth + 1)) return true;
      }
      return false;
    }
    if (si === s.length) return false;
    if (c === '?') {
      si++;
      pi++;
      continue;
    }
    if (c === '[') {
      pi++;
      const not = p[pi] === '^';
      if (not) pi++;
      let match = false;
      for (;;) {
        if (pi >= p.length) {
          // Unterminated class: Redis treats the end of the pattern as the closing bracket.
          pi = p.length - 1;
          break;
        }
        const ch = p[pi];
        if (ch === '\\' && pi + 1 < p.length) {
          pi++;
          if (p[pi] === s[si]) match = true;
        } else if (ch === ']') {
          break;
        } else if (pi + 2 < p.length && p[pi + 1] === '-') {
          let lo = ch;
          let hi = p[pi + 2];
          if (lo > hi) [lo, hi] = [hi, lo];
          if (s[si] >= lo && s[si] <= hi) match = true;
          pi += 2;
        } else if (ch === s[si]) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
      pi++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) pi++;
    if (p[pi] !== s[si]) return false;
    si++;
    pi++;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length && si === s.length;
}
