// A name that must never be cut on the wall: the full name where it fits its box (one line, or
// the lines the box's CSS clamps it to), else the short one (an OPD's abbreviation). Read from 5 m,
// "BRIDA" says more than "Badan Riset dan Inova…".
//
// Measuring forces a layout, the wall's main cost on a kiosk without a GPU. So checks are
// batched into one animation frame (all writes, then all reads, then the few corrections), and
// a box is re-checked only when its container's width changes (the container is observed rather
// than the box itself, whose size follows the text chosen).

export interface FitNames {
  full: string;
  /** Shown when `full` does not fit; the same as `full` when there is no shorter name. */
  short: string;
  /**
   * The name also has to leave room on its line for what follows it (its siblings in a wrapping
   * row): "BRIDA · mati sejak 10.12 WIB" on one line rather than the full name pushing the time
   * onto a line of its own.
   */
  withSiblings?: boolean;
}

interface Fitted {
  names: FitNames;
  shown: 'full' | 'short' | null;
}

const fitted = new Map<HTMLElement, Fitted>();
const pending = new Set<HTMLElement>();
let frame: number | null = null;
let resize: ResizeObserver | null = null;
const containers = new Map<Element, { nodes: Set<HTMLElement>; size: number | null }>();
let fontsWatched = false;

/** Does the element's content fit its box? (1 px of slack for sub-pixel rounding.) */
export function overflows(el: HTMLElement): boolean {
  return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}

/** Did something after `el` in its (wrapping) row go onto a new line? */
function pushesSiblingsDown(el: HTMLElement): boolean {
  const last = el.parentElement?.lastElementChild as HTMLElement | null | undefined;
  return !!last && last !== el && last.offsetTop > el.offsetTop + el.offsetHeight / 2;
}

function schedule(node: HTMLElement): void {
  pending.add(node);
  frame ??= requestAnimationFrame(flush);
}

function flush(): void {
  frame = null;
  const nodes = [...pending].filter((n) => fitted.has(n) && n.isConnected);
  pending.clear();
  // Writes, then reads, then writes: two layouts for the whole batch, not two per name.
  for (const n of nodes) show(n, 'full');
  const tooLong = nodes.filter((n) => {
    const { names } = fitted.get(n)!;
    return names.short !== names.full && (overflows(n) || (names.withSiblings === true && pushesSiblingsDown(n)));
  });
  for (const n of tooLong) show(n, 'short');
}

function show(node: HTMLElement, which: 'full' | 'short'): void {
  const f = fitted.get(node)!;
  const text = which === 'full' ? f.names.full : f.names.short;
  if (node.textContent !== text) node.textContent = text;
  f.shown = which;
  node.dataset.fit = which;
  // The full name stays available to assistive technology and a mouse pointer.
  if (which === 'short') node.title = f.names.full;
  else node.removeAttribute('title');
}

function observe(node: HTMLElement): void {
  watchFonts();
  const container = node.parentElement;
  if (!container || typeof ResizeObserver === 'undefined') return;
  resize ??= new ResizeObserver((entries) => {
    for (const e of entries) {
      const c = containers.get(e.target);
      if (!c) continue;
      // Only the width decides what fits; the height follows the name chosen (no re-check loop).
      const size = Math.round(e.contentRect.width);
      // The first report is the size the node was just measured in.
      const changed = c.size !== null && c.size !== size;
      c.size = size;
      if (changed) for (const n of c.nodes) schedule(n);
    }
  });
  let c = containers.get(container);
  if (!c) {
    c = { nodes: new Set(), size: null };
    containers.set(container, c);
    resize.observe(container);
  }
  c.nodes.add(node);
}

function unobserve(node: HTMLElement): void {
  for (const [container, c] of containers) {
    if (!c.nodes.delete(node) || c.nodes.size > 0) continue;
    containers.delete(container);
    resize?.unobserve(container);
  }
}

/** A name measured in the fallback font is re-measured once the wall's own font has loaded. */
function watchFonts(): void {
  if (fontsWatched || typeof document === 'undefined' || !document.fonts) return;
  fontsWatched = true;
  const all = () => {
    for (const n of fitted.keys()) schedule(n);
  };
  document.fonts.addEventListener('loadingdone', all);
  void document.fonts.ready.then(all);
}

/** Svelte action: `<span class="name" use:fitText={{ full, short }}></span>` (the action owns the text). */
export function fitText(node: HTMLElement, names: FitNames) {
  fitted.set(node, { names, shown: null });
  // The full name at once (no empty frame); the measurement follows in the next frame.
  show(node, 'full');
  observe(node);
  schedule(node);
  return {
    update(next: FitNames) {
      const f = fitted.get(node);
      if (!f || (f.names.full === next.full && f.names.short === next.short && f.names.withSiblings === next.withSiblings)) return;
      f.names = next;
      show(node, 'full');
      schedule(node);
    },
    destroy() {
      fitted.delete(node);
      pending.delete(node);
      unobserve(node);
    },
  };
}
