import { mount } from 'svelte';
import { routeOf } from './router.ts';
import { preloadMap } from './panels/map-preload.ts';
import App from './app.svelte';
import '@fontsource-variable/inter';
import './styles/base.css';

if (routeOf(location.pathname) === 'wall') {
  // The wall's type scale (base.css) from the first layout on, not as a second full layout.
  document.documentElement.classList.add('wall-root');
  preloadMap();
}
mount(App, { target: document.getElementById('app') as HTMLElement });
