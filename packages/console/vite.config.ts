import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  // Served by `cebe serve` under /console/.
  base: '/console/',
  resolve: {
    // @cebe/schemas from its TypeScript source: the console needs only the metric definitions, and
    // from source the bundler drops the event catalog and validators (about 40 KB gzipped less
    // than the package's prebundled chunks).
    alias: { '@cebe/schemas': fileURLToPath(new URL('../schemas/src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // `npm run dev -w @cebe/console` next to a `cebe serve` on the default port.
  server: { proxy: { '/v1': 'http://127.0.0.1:4747' } },
})
