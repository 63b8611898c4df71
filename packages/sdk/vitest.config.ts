import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { workspaceAliases } from '../../vitest.shared.js'

export default defineConfig({
  resolve: {
    // The subpath first: the shared '@cebe/schemas' alias would otherwise also match '@cebe/schemas/validate'.
    alias: {
      '@cebe/schemas/validate': fileURLToPath(new URL('../schemas/src/validate-entry.ts', import.meta.url)),
      ...workspaceAliases,
    },
  },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
})
