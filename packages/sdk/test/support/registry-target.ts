/**
 * The real registry-server as a test target: SQLite in a temp dir, a write key for the target's
 * company, and a restart that stops the server and starts it again on the same port and file —
 * the way a deploy or crash-restart looks to a client.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateApiKey, type RunningServer, startServer } from '@cebe/registry-server'
import Database from 'better-sqlite3'
import type { Target } from './target.js'

export async function startRegistryTarget(companyId = 'company_acme'): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'cebe-sdk-target-'))
  const databaseUrl = join(dir, 'cebe.db')
  let server: RunningServer = await startServer({ databaseUrl, port: 0, logLevel: false })
  const port = Number(new URL(server.url).port)
  const { id, key, keyHash } = generateApiKey('write')
  await server.store.createKey({
    id,
    companyId,
    type: 'write',
    modules: ['campaign'],
    role: null,
    name: null,
    keyHash,
  })

  return {
    kind: 'registry-server',
    url: server.url,
    port,
    writeKey: key,
    companyId,
    // The events table's unique (company_id, event_id) key makes a duplicate row impossible;
    // reading the ids back shows what the store holds, in insertion order.
    storedIds: async () => {
      const db = new Database(databaseUrl, { readonly: true, fileMustExist: true })
      try {
        const rows = db
          .prepare('SELECT event_id FROM events WHERE company_id = ? ORDER BY rowid')
          .all(companyId)
        return (rows as { event_id: string }[]).map((row) => row.event_id)
      } finally {
        db.close()
      }
    },
    restart: async () => {
      await server.close()
      server = await startServer({ databaseUrl, port, logLevel: false })
    },
    close: async () => {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
