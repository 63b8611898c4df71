/**
 * The ports both backends answer with the same Kysely queries — API keys, registered schemas and
 * company SSO ids — written once; each store extends this and adds its own commit path, which
 * is hand-tuned per backend.
 */
import type { Kysely, Selectable } from 'kysely'
import type { ApiKeyRecord, KeyStore, NewApiKey, ReadRole, SchemaStore, StoredSchema } from './store.js'

interface ApiKeysTable {
  id: string
  key_hash: string
  company_id: string
  type: string
  modules: string
  role: string | null
  name: string | null
  created_at: string
  revoked_at: string | null
}

interface RegisteredSchemasTable {
  name: string
  version: string
  module: string
  json_schema: string
  company_id: string | null
  created_at: string
}

interface CompanySsoIdsTable {
  company_id: string
  company_sso_id: string
  created_at: string
}

export interface SharedTables {
  api_keys: ApiKeysTable
  registered_schemas: RegisteredSchemasTable
  company_sso_ids: CompanySsoIdsTable
}

export abstract class KeyAndSchemaTables implements KeyStore, SchemaStore {
  constructor(private readonly db: Kysely<SharedTables>) {}

  async createKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const row: ApiKeysTable = {
      id: key.id,
      key_hash: key.keyHash,
      company_id: key.companyId,
      type: key.type,
      modules: JSON.stringify(key.modules),
      role: key.role,
      name: key.name,
      created_at: new Date().toISOString(),
      revoked_at: null,
    }
    await this.db.insertInto('api_keys').values(row).execute()
    return toKey(row)
  }

  async findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst()
    return row && toKey(row)
  }

  async listKeys(companyId?: string): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id')
    if (companyId !== undefined) query = query.where('company_id', '=', companyId)
    return (await query.execute()).map(toKey)
  }

  async revokeKey(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async saveSchema(schema: Omit<StoredSchema, 'createdAt'>): Promise<void> {
    await this.db
      .insertInto('registered_schemas')
      .values({
        name: schema.name,
        version: schema.version,
        module: schema.module,
        json_schema: JSON.stringify(schema.jsonSchema),
        company_id: schema.companyId,
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['name', 'version']).doNothing())
      .execute()
  }

  async listSchemas(): Promise<StoredSchema[]> {
    const rows = await this.db.selectFrom('registered_schemas').selectAll().orderBy('created_at').execute()
    return rows.map((row) => ({
      name: row.name,
      version: row.version,
      module: row.module,
      jsonSchema: JSON.parse(row.json_schema) as Record<string, unknown>,
      companyId: row.company_id,
      createdAt: row.created_at,
    }))
  }

  async pinCompanySsoId(companyId: string, ssoId: string): Promise<string> {
    await this.db
      .insertInto('company_sso_ids')
      .values({ company_id: companyId, company_sso_id: ssoId, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('company_id').doNothing())
      .execute()
    const row = await this.db
      .selectFrom('company_sso_ids')
      .select('company_sso_id')
      .where('company_id', '=', companyId)
      .executeTakeFirstOrThrow()
    return row.company_sso_id
  }
}

function toKey(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    type: row.type === 'read' ? 'read' : 'write',
    modules: JSON.parse(row.modules) as string[],
    role: row.role as ReadRole | null,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}
