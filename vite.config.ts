import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The client is a single-page app served by the Pantau server from dist/client. In development
// (`npm run dev:client`) Vite proxies the API and Socket.IO to a server on PORT (default 8080).
export default defineConfig({
  root: here('./client'),
  plugins: [
    svelte({ configFile: here('./svelte.config.js') }),
    // Each text asset also as .br and .gz beside it, at the highest levels (too slow to do per
    // request): the server sends the one the browser takes (server/http/client-assets.ts).
    // Fonts (woff2) are compressed already.
    compression({
      include: /\.(js|mjs|css|html|json|svg)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
      algorithms: [defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
    }),
  ],
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
