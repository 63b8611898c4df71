/**
 * `cebe keys create|list|revoke`: API keys in the store. The secret is printed once, at
 * creation; the store keeps only its hash.
 */
import type { ApiKeyRecord, ReadRole } from '@cebe/registry-server'
import { SOURCE_MODULES } from '@cebe/schemas'
import { type Command, Option } from 'commander'
import { CliError } from '../cli-error.js'
import { loadServer } from '../server-module.js'
import { addStoreOptions, openStoreFrom, type StoreFlags } from './store-options.js'

/**
 * The read roles, for `--role`'s choices. A copy of the server's `READ_ROLES` (a test keeps them
 * equal) because the choices are declared before the optional server package is loaded.
 */
export const READ_ROLES = [
  'admin',
  'marketing',
  'service',
  'ai_agent',
  'analyst',
] as const satisfies readonly ReadRole[]

interface CreateFlags extends StoreFlags {
  company: string
  type: 'write' | 'read'
  modules?: string
  role?: string
  name?: string
  json?: boolean
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke API keys (stored hashed)')

  addStoreOptions(
    keys
      .command('create')
      .description(
        'create a write key (company + modules) or a read key (company + role); prints the key once',
      )
      .requiredOption('--company <id>', 'the company (tenant) the key belongs to')
      .addOption(new Option('--type <type>', 'key type').choices(['write', 'read']).makeOptionMandatory())
      .option(
        '--modules <list>',
        `write keys: comma-separated source modules (default: all of ${SOURCE_MODULES.join(',')})`,
      )
      .addOption(
        new Option('--role <role>', 'read keys: the role that decides PII visibility').choices([
          ...READ_ROLES,
        ]),
      )
      .option('--name <name>', 'a label for people')
      .option('--json', 'print JSON'),
  ).action(async (flags: CreateFlags) => {
    const input = keyInput(flags)
    const store = await openStoreFrom(flags, 'keys create', { mustExist: true })
    const server = await loadServer('keys create')
    try {
      const generated = server.generateApiKey(flags.type)
      const record = await store.createKey({ id: generated.id, keyHash: generated.keyHash, ...input })
      if (flags.json) print({ key: generated.key, ...publicKey(record) })
      else {
        process.stdout.write(`${generated.key}\n`)
        process.stderr.write(`${describeKey(record)}\nStore it now: the key is not shown again.\n`)
      }
    } finally {
      await store.close()
    }
  })

  addStoreOptions(
    keys
      .command('list')
      .description('list keys (never their secrets)')
      .option('--company <id>', 'only this company')
      .option('--json', 'print JSON'),
  ).action(async (flags: StoreFlags & { company?: string; json?: boolean }) => {
    const store = await openStoreFrom(flags, 'keys list', { mustExist: true })
    try {
      const records = await store.listKeys(flags.company)
      if (flags.json) print({ keys: records.map(publicKey) })
      else if (records.length === 0) process.stdout.write('no keys\n')
      else for (const record of records) process.stdout.write(`${describeKey(record)}\n`)
    } finally {
      await store.close()
    }
  })

  addStoreOptions(
    keys
      .command('revoke')
      .description('revoke a key by id')
      .argument('<id>', 'key id (key_…)')
      .option('--json', 'print JSON'),
  ).action(async (id: string, flags: StoreFlags & { json?: boolean }) => {
    const store = await openStoreFrom(flags, 'keys revoke', { mustExist: true })
    try {
      const revoked = await store.revokeKey(id)
      if (!revoked) throw new CliError(`no live key ${id}`, 1)
      if (flags.json) print({ id, revoked: true })
      else process.stdout.write(`revoked ${id}\n`)
    } finally {
      await store.close()
    }
  })
}

function keyInput(flags: CreateFlags): {
  companyId: string
  type: 'write' | 'read'
  modules: string[]
  role: ReadRole | null
  name: string | null
} {
  if (!/^.{1,64}$/.test(flags.company)) throw new CliError('--company must be 1–64 characters')
  if (flags.type === 'write') {
    if (flags.role) throw new CliError('--role is for read keys; write keys take --modules')
    const modules = flags.modules
      ? flags.modules
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean)
      : [...SOURCE_MODULES]
    const unknown = modules.filter((m) => !(SOURCE_MODULES as readonly string[]).includes(m))
    if (unknown.length > 0 || modules.length === 0) {
      throw new CliError(`unknown module(s) ${unknown.join(', ')}; modules are ${SOURCE_MODULES.join(', ')}`)
    }
    return { companyId: flags.company, type: 'write', modules, role: null, name: flags.name ?? null }
  }
  if (flags.modules) throw new CliError('--modules is for write keys; read keys take --role')
  if (!flags.role) throw new CliError(`read keys need --role (${READ_ROLES.join(', ')})`)
  return {
    companyId: flags.company,
    type: 'read',
    modules: [],
    role: flags.role as ReadRole,
    name: flags.name ?? null,
  }
}

function publicKey(record: ApiKeyRecord) {
  return {
    id: record.id,
    company: record.companyId,
    type: record.type,
    modules: record.modules,
    role: record.role,
    name: record.name,
    created_at: record.createdAt,
    revoked_at: record.revokedAt,
  }
}

function describeKey(record: ApiKeyRecord): string {
  const scope = record.type === 'write' ? `modules ${record.modules.join(',')}` : `role ${record.role}`
  const state = record.revokedAt ? `revoked ${record.revokedAt}` : 'active'
  return `${record.id}  ${record.type}  company ${record.companyId}  ${scope}  ${state}`
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}
