// A tiny router on location.pathname: the server answers every known path with index.html.
// Only the first segment picks the screen; /teknisi/monitor/<code> is routed inside /teknisi
// (client/src/teknisi/teknisi-routes.ts).
export type Route = 'wall' | 'teknisi' | 'pimpinan' | 'operator' | 'admin' | 'login' | 'home';

export function routeOf(pathname: string): Route {
  const first = pathname.replace(/\/+$/, '').split('/')[1] ?? '';
  switch (first) {
    case 'wall':
    case 'teknisi':
    case 'pimpinan':
    case 'operator':
    case 'admin':
    case 'login':
      return first;
    default:
      return 'home';
  }
}
