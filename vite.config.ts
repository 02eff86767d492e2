import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.ts';

const server = `http://localhost:${process.env.PORT ?? 3000}`;

/**
 * Builds the client from client/ into client/dist, which the server serves on its own port, with
 * a brotli and a gzip copy of every text file beside it.
 */
export default defineConfig({
  root: 'client',
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The page's first bundle shares these with parts it loads later; left alone, each
            // becomes a request of a few hundred bytes the page waits for before it can start.
            {
              name: 'runtime',
              test: /node_modules[\\/]svelte[\\/]|shared[\\/]src[\\/](room[\\/]limits|answers[\\/]questionKinds)\.ts/,
            },
            // The same for the small modules the board shares with the answers and the history.
            {
              name: 'kit',
              test: /shared[\\/]src[\\/](crypto[\\/](bytes|padding)|board[\\/](statuses|exchange))\.ts|client[\\/]src[\\/]lib[\\/]download\.ts/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
