/**
 * Throw-away SQLite files for tests that open connections of their own: each in its own temp
 * folder, removed after the test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A path for a new SQLite file, removed with its folder after the test. */
export function sqliteFilePath(prefix = 'cebe-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return join(dir, 'store.db')
}

/** A SQLite file with every migration applied, closed again. */
export async function migratedSqliteFile(prefix?: string): Promise<string> {
  const path = sqliteFilePath(prefix)
  const store = new SqliteStore({ path })
  await store.migrate()
  await store.close()
  return path
}
