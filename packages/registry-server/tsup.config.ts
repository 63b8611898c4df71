import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

// The SQLite writer and reader threads are entries of their own: worker_threads loads them by file
// (sqlite-writer-client.ts, sqlite-reader-pool.ts).
export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    'sqlite-writer-thread': 'src/storage/sqlite/sqlite-writer-thread.ts',
    'sqlite-reader-thread': 'src/storage/sqlite/sqlite-reader-thread.ts',
  }),
)
