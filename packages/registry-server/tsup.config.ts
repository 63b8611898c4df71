import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

// The SQLite writer thread is its own entry: worker_threads loads it by file (sqlite-writer-client.ts).
export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    'sqlite-writer-thread': 'src/storage/sqlite/sqlite-writer-thread.ts',
  }),
)
