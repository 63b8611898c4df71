import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

// p-retry and its one dependency are ESM-only: bundle them so `require('@cebe/sdk')` works on every Node ≥ 20.18.
export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', testing: 'src/testing.ts', webhooks: 'src/webhooks.ts' },
    { noExternal: ['p-retry', 'is-network-error'] },
  ),
)
