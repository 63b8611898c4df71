/**
 * The demo's write and read keys, reused across `serve --demo` restarts.
 *
 * The store keeps only key hashes (ADR 0104), so the plaintext has to live somewhere else: a small
 * file beside the SQLite database (`<db>.demo-keys.json`, mode 0600), or `./cebe-demo-keys.json`
 * for PostgreSQL. A file rather than keys derived from a fixed seed: a derived key would be known
 * to everyone who can read this source, and the demo server may listen beyond 127.0.0.1. Saved
 * keys are reused only while the store still holds them live, so a deleted database or a revoked
 * key gets fresh keys (and a rewritten file) instead of keys that answer 401.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { KeyType, Store } from '@cebe/registry-server'
import { SOURCE_MODULES } from '@cebe/schemas'
import type { ServerModule } from './server-module.js'

export interface DemoKeys {
  writeKey: string
  readKey: string
  /** Where the keys are kept; undefined for an in-memory store. */
  file: string | undefined
  reused: boolean
}

/** Where the demo keys of this store are kept; undefined when the store itself does not persist. */
export function demoKeysFile(store: { url: string; kind: 'sqlite' | 'postgres' }): string | undefined {
  if (store.kind === 'postgres') return resolve('cebe-demo-keys.json')
  return store.url === ':memory:' ? undefined : `${store.url}.demo-keys.json`
}

export async function demoKeys(
  store: Store,
  server: Pick<ServerModule, 'generateApiKey' | 'hashApiKey'>,
  companyId: string,
  file: string | undefined,
): Promise<DemoKeys> {
  const saved = file ? readSaved(file) : undefined
  if (
    saved &&
    (await isLive(store, server, saved.writeKey, 'write', companyId)) &&
    (await isLive(store, server, saved.readKey, 'read', companyId))
  ) {
    return { ...saved, file, reused: true }
  }
  const write = server.generateApiKey('write')
  const read = server.generateApiKey('read')
  await store.createKey({
    companyId,
    id: write.id,
    keyHash: write.keyHash,
    type: 'write',
    modules: [...SOURCE_MODULES],
    role: null,
    name: 'demo write key',
  })
  await store.createKey({
    companyId,
    id: read.id,
    keyHash: read.keyHash,
    type: 'read',
    modules: [],
    role: 'admin',
    name: 'demo read key',
  })
  const keys = { writeKey: write.key, readKey: read.key }
  if (file) writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 })
  return { ...keys, file, reused: false }
}

function readSaved(file: string): { writeKey: string; readKey: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { writeKey?: unknown; readKey?: unknown }
    if (typeof parsed.writeKey === 'string' && typeof parsed.readKey === 'string')
      return { writeKey: parsed.writeKey, readKey: parsed.readKey }
  } catch {
    // Missing or unreadable: the demo mints new keys and rewrites the file.
  }
  return undefined
}

async function isLive(
  store: Store,
  server: Pick<ServerModule, 'hashApiKey'>,
  key: string,
  type: KeyType,
  companyId: string,
): Promise<boolean> {
  const record = await store.findKeyByHash(server.hashApiKey(key))
  return (
    record !== undefined &&
    record.revokedAt === null &&
    record.type === type &&
    record.companyId === companyId
  )
}
