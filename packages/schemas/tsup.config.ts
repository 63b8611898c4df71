import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      'validate-entry': 'src/validate-entry.ts',
    },
    // import.meta.url in the CJS build: the precompiled validators are required relative to it.
    { shims: true },
  ),
)
