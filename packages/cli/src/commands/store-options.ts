/**
 * The store options every command that touches the store shares: `--db <file>` (SQLite) or
 * `--database-url postgres://…`, also from CEBE_DB / CEBE_DATABASE_URL. Flags beat the
 * environment; with neither, `./cebe.db`.
 */
import { openStore, type Store } from '@cebe/registry-server'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'

export interface StoreFlags {
  db?: string
  databaseUrl?: string
}

export function addStoreOptions(command: Command): Command {
  return command
    .option('--db <file>', 'SQLite database file (env CEBE_DB; default ./cebe.db)')
    .option('--database-url <url>', 'PostgreSQL URL postgres://… (env CEBE_DATABASE_URL)')
}

export function resolveDatabaseUrl(flags: StoreFlags, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.db && flags.databaseUrl) throw new CliError('use either --db or --database-url, not both')
  if (flags.databaseUrl) return flags.databaseUrl
  if (flags.db) return flags.db
  return env.CEBE_DATABASE_URL || env.CEBE_DB || './cebe.db'
}

/** Opens (and migrates) the store the flags name; a store that cannot be opened is one clear line. */
export async function openStoreFrom(flags: StoreFlags): Promise<Store> {
  const databaseUrl = resolveDatabaseUrl(flags)
  try {
    return await openStore({
      databaseUrl,
      durability: 'process-crash',
      sqliteCacheMiB: 16,
      sqliteBusyTimeoutMs: 5000,
      postgresPoolSize: 2,
    })
  } catch (error) {
    throw new CliError(`cannot open the store ${describeUrl(databaseUrl)}: ${(error as Error).message}`, 1)
  }
}

export function describeUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) return `SQLite ${url}`
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return `PostgreSQL ${parsed.toString()}`
  } catch {
    return 'PostgreSQL'
  }
}
