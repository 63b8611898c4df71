import { defineConfig } from 'vitest/config'

// The browser tests drive a real `cebe serve` and Chromium: one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
})
