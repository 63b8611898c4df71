import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

export default defineConfig(packageBuild({ index: 'src/index.ts', 'show-catalog': 'src/show-catalog.ts' }))
