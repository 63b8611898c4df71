import { defineConfig } from 'vitest/config'
import { workspaceAliases } from '../../vitest.shared.js'

export default defineConfig({
  resolve: { alias: workspaceAliases },
  // Suites start servers and child processes: on a loaded 2-core machine they take several times
  // their quiet-machine time, which must not fail them.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 120_000 },
})
