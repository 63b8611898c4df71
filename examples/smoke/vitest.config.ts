import { defineConfig } from 'vitest/config'

// Examples run as squads run them: against the built packages, as child processes.
export default defineConfig({ test: { include: ['*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } })
