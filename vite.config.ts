import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The client is a single-page app served by the Pantau server from dist/client. In development
// (`npm run dev:client`) Vite proxies the API and Socket.IO to a server on PORT (default 8080).
export default defineConfig({
  root: here('./client'),
  plugins: [svelte({ configFile: here('./svelte.config.js') })],
  resolve: { alias: { $shared: here('./shared') } },
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${process.env.PORT ?? 8080}`,
      '/socket.io': { target: `ws://127.0.0.1:${process.env.PORT ?? 8080}`, ws: true },
    },
  },
});
