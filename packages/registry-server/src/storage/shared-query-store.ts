/**
 * The part of a `Store` both backends answer with the same Kysely queries (keys, registered
 * schemas); each backend extends it and adds its own commit path and event reads.
 */
import type { SharedQueries } from './shared-queries.js'
import type { ApiKeyRecord, NewApiKey, StoredSchema } from './store.js'

export abstract class SharedQueryStore {
  constructor(protected readonly shared: SharedQueries) {}

  createKey(key: NewApiKey): Promise<ApiKeyRecord> {
    return this.shared.createKey(key)
  }

  findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.shared.findKeyByHash(keyHash)
  }

  listKeys(companyId?: string): Promise<ApiKeyRecord[]> {
    return this.shared.listKeys(companyId)
  }

  revokeKey(id: string): Promise<boolean> {
    return this.shared.revokeKey(id)
  }

  saveSchema(schema: Omit<StoredSchema, 'createdAt'>): Promise<void> {
    return this.shared.saveSchema(schema)
  }

  listSchemas(): Promise<StoredSchema[]> {
    return this.shared.listSchemas()
  }

  pinCompanySsoId(companyId: string, ssoId: string): Promise<string> {
    return this.shared.pinCompanySsoId(companyId, ssoId)
  }
}
