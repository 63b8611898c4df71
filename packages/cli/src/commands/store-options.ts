/**
 * The store options every command that touches the store shares: `--db <file>` (SQLite) or
 * `--database-url postgres://…`, then CEBE_DB / CEBE_DATABASE_URL, then `./cebe.db`. `serve` and
 * `keys` resolve it here, the same way, and say on stderr which database they use (stdout stays
 * for `--json`): a key created in one database is useless to a server running on another.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Store } from '@cebe/registry-server'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { loadServer } from '../server-module.js'

export interface StoreFlags {
  db?: string
  databaseUrl?: string
}

export const DEFAULT_DB = './cebe.db'

export type StoreSource = '--db' | '--database-url' | 'CEBE_DB' | 'CEBE_DATABASE_URL' | 'default'

export interface ResolvedStore {
  /** What the store is opened with: a PostgreSQL URL, `:memory:`, or an absolute SQLite path. */
  url: string
  kind: 'sqlite' | 'postgres'
  source: StoreSource
  /** Why the other environment variable was not used, when both are set. */
  ignored?: string
}

export function addStoreOptions(command: Command): Command {
  return command
    .option('--db <file>', `SQLite database file (env CEBE_DB; default ${DEFAULT_DB})`)
    .option('--database-url <url>', 'PostgreSQL URL postgres://… (env CEBE_DATABASE_URL)')
}

export function resolveStore(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ResolvedStore {
  if (flags.db && flags.databaseUrl) throw new CliError('use either --db or --database-url, not both')
  const [value, source, ignored]: [string, StoreSource, string?] = flags.databaseUrl
    ? [flags.databaseUrl, '--database-url']
    : flags.db
      ? [flags.db, '--db']
      : env.CEBE_DATABASE_URL
        ? [
            env.CEBE_DATABASE_URL,
            'CEBE_DATABASE_URL',
            env.CEBE_DB ? 'CEBE_DB is set too and ignored' : undefined,
          ]
        : env.CEBE_DB
          ? [env.CEBE_DB, 'CEBE_DB']
          : [DEFAULT_DB, 'default']
  if (isPostgresUrl(value)) return { url: value, kind: 'postgres', source, ...(ignored && { ignored }) }
  const url = value === ':memory:' ? value : resolve(cwd, value)
  return { url, kind: 'sqlite', source, ...(ignored && { ignored }) }
}

/** `SQLite /abs/cebe.db (from --db)`: what the user reads to know which database is in use. */
export function describeStore(store: ResolvedStore): string {
  return `${describeUrl(store.url)} (from ${sourceText(store)}${store.ignored ? `; ${store.ignored}` : ''})`
}

/** The flag that names this store again, for the commands the CLI suggests. */
export function storeFlag(store: ResolvedStore): string {
  return store.kind === 'postgres' ? `--database-url '${store.url}'` : `--db ${shellQuote(store.url)}`
}

/**
 * Opens (and migrates) the store the flags name, after saying which one on stderr. With
 * `mustExist`, a SQLite file that is not there is an error instead of a new empty database: a
 * key written there would answer 401 on every request to the server's real database.
 */
export async function openStoreFrom(
  flags: StoreFlags,
  command: string,
  options: { mustExist?: boolean } = {},
): Promise<Store> {
  const store = resolveStore(flags)
  const server = await loadServer(command)
  if (options.mustExist && store.kind === 'sqlite' && store.url !== ':memory:' && !existsSync(store.url)) {
    throw new CliError(
      `no database at ${store.url} (from ${sourceText(store)}): pass the --db or --database-url \`cebe serve\` uses (or set CEBE_DB / CEBE_DATABASE_URL), or create it first with npx cebe serve ${storeFlag(store)}`,
      1,
    )
  }
  process.stderr.write(`cebe: database ${describeStore(store)}\n`)
  try {
    return await server.openStore({
      databaseUrl: store.url,
      durability: 'process-crash',
      sqliteCacheMiB: 16,
      sqliteBusyTimeoutMs: 5000,
      postgresPoolSize: 2,
    })
  } catch (error) {
    throw new CliError(`cannot open the store ${describeUrl(store.url)}: ${(error as Error).message}`, 1)
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url)
}

export function describeUrl(url: string): string {
  if (!isPostgresUrl(url)) return `SQLite ${url}`
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return `PostgreSQL ${parsed.toString()}`
  } catch {
    return 'PostgreSQL'
  }
}

function sourceText(store: ResolvedStore): string {
  return store.source === 'default' ? `the default ${DEFAULT_DB}` : store.source
}

function shellQuote(path: string): string {
  return /^[\w./:@+-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`
}
