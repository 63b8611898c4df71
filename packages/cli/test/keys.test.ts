import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateApiKey, openStore, READ_ROLES as SERVER_READ_ROLES } from '@cebe/registry-server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { READ_ROLES } from '../src/commands/keys.js'
import { resolveStore } from '../src/commands/store-options.js'
import { cebe, withTempDir } from './run-cli.js'

const storeOf = (db: string) =>
  openStore({
    databaseUrl: db,
    durability: 'process-crash',
    sqliteCacheMiB: 4,
    sqliteBusyTimeoutMs: 1000,
    postgresPoolSize: 1,
  })

/** A database as `cebe serve` leaves it: created and migrated. */
async function existingDatabase(dir: string, name: string): Promise<string> {
  const db = join(dir, name)
  await (await storeOf(db)).close()
  return db
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('cebe keys', () => {
  it('creates a write key limited to modules, prints it once as JSON, and stores only its hash', async () => {
    await withTempDir(async (dir) => {
      const db = await existingDatabase(dir, 'cebe.db')
      const run = await cebe(
        'keys',
        'create',
        '--company',
        'co_a',
        '--type',
        'write',
        '--modules',
        'campaign,deals',
        '--db',
        db,
        '--json',
      )
      expect(run.code).toBe(0)
      const created = JSON.parse(run.stdout)
      expect(created).toMatchObject({
        company: 'co_a',
        type: 'write',
        modules: ['campaign', 'deals'],
        role: null,
      })
      expect(created.key).toMatch(/^cebe_w_/)
      expect(created.id).toMatch(/^key_/)

      const store = await storeOf(db)
      const [record] = await store.listKeys('co_a')
      expect(JSON.stringify(record)).not.toContain(created.key)
      await store.close()

      const listed = JSON.parse((await cebe('keys', 'list', '--db', db, '--json')).stdout)
      expect(listed.keys).toEqual([expect.objectContaining({ id: created.id, revoked_at: null })])
      expect(JSON.stringify(listed)).not.toContain(created.key)
    })
  })

  it('creates read keys with a role and revokes keys', async () => {
    await withTempDir(async (dir) => {
      const db = await existingDatabase(dir, 'keys.db')
      const created = JSON.parse(
        (
          await cebe(
            'keys',
            'create',
            '--company',
            'co_a',
            '--type',
            'read',
            '--role',
            'marketing',
            '--db',
            db,
            '--json',
          )
        ).stdout,
      )
      expect(created).toMatchObject({
        type: 'read',
        role: 'marketing',
        key: expect.stringMatching(/^cebe_r_/),
      })
      expect((await cebe('keys', 'revoke', created.id, '--db', db, '--json')).stdout).toContain(
        '"revoked":true',
      )
      const again = await cebe('keys', 'revoke', created.id, '--db', db)
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(/no live key/)
      const listed = JSON.parse(
        (await cebe('keys', 'list', '--company', 'co_a', '--db', db, '--json')).stdout,
      )
      expect(listed.keys[0].revoked_at).not.toBeNull()
    })
  })

  it('refuses bad combinations with one line and exit code 2', async () => {
    await withTempDir(async (dir) => {
      const db = await existingDatabase(dir, 'x.db')
      const noRole = await cebe('keys', 'create', '--company', 'c', '--type', 'read', '--db', db)
      expect(noRole.code).toBe(2)
      expect(noRole.stderr).toMatch(/--role/)
      const badModule = await cebe(
        'keys',
        'create',
        '--company',
        'c',
        '--type',
        'write',
        '--modules',
        'crm',
        '--db',
        db,
      )
      expect(badModule.code).toBe(2)
      expect(badModule.stderr).toMatch(/unknown module/)
      const both = await cebe('keys', 'list', '--db', db, '--database-url', 'postgres://x/y')
      expect(both.code).toBe(2)
    })
  })

  it('never creates a database: a missing SQLite file is one line naming the path and the fix', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'elsewhere', 'cebe.db')
      for (const argv of [
        ['keys', 'create', '--company', 'co_a', '--type', 'write', '--db', db, '--json'],
        ['keys', 'list', '--db', db, '--json'],
        ['keys', 'revoke', 'key_x', '--db', db],
      ]) {
        const run = await cebe(...argv)
        expect(run.code).toBe(1)
        expect(run.stdout).toBe('')
        expect(run.stderr.trim().split('\n')).toHaveLength(1)
        expect(run.stderr).toContain(`cebe: no database at ${db} (from --db)`)
        expect(run.stderr).toContain(`npx cebe serve --db ${db}`)
      }
      expect(existsSync(db)).toBe(false)
      expect(existsSync(join(dir, 'elsewhere'))).toBe(false)
    })
  })

  it('says on stderr which database it used, so --json stdout stays one JSON document', async () => {
    await withTempDir(async (dir) => {
      const db = await existingDatabase(dir, 'env.db')
      vi.stubEnv('CEBE_DB', db)
      const run = await cebe('keys', 'create', '--company', 'co_e', '--type', 'write', '--json')
      expect(run.code).toBe(0)
      expect(JSON.parse(run.stdout)).toMatchObject({ company: 'co_e' })
      expect(run.stderr).toBe(`cebe: database SQLite ${db} (from CEBE_DB)\n`)
    })
  })

  it('takes the store from flags first, then CEBE_DATABASE_URL / CEBE_DB, then ./cebe.db in the working folder', () => {
    const cwd = '/work/here'
    expect(resolveStore({ db: 'a.db' }, { CEBE_DB: 'b.db' }, cwd)).toEqual({
      url: '/work/here/a.db',
      kind: 'sqlite',
      source: '--db',
    })
    expect(resolveStore({}, { CEBE_DB: 'b.db' }, cwd)).toMatchObject({
      url: '/work/here/b.db',
      source: 'CEBE_DB',
    })
    expect(resolveStore({}, { CEBE_DB: 'b.db', CEBE_DATABASE_URL: 'postgres://h/d' }, cwd)).toEqual({
      url: 'postgres://h/d',
      kind: 'postgres',
      source: 'CEBE_DATABASE_URL',
      ignored: 'CEBE_DB is set too and ignored',
    })
    expect(resolveStore({ databaseUrl: 'postgres://h/d' }, { CEBE_DB: 'b.db' }, cwd)).toMatchObject({
      kind: 'postgres',
      source: '--database-url',
    })
    expect(resolveStore({}, {}, cwd)).toMatchObject({ url: '/work/here/cebe.db', source: 'default' })
    expect(resolveStore({ db: ':memory:' }, {}, cwd)).toMatchObject({ url: ':memory:' })
  })

  it("offers exactly the server's read roles", () => {
    expect([...READ_ROLES]).toEqual([...SERVER_READ_ROLES])
  })
})

describe('cebe keys list | head', () => {
  it('stops quietly when the reader closes the pipe (no EPIPE crash)', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'cebe.db')
      const store = await storeOf(db)
      for (let i = 0; i < 1_500; i++) {
        const key = generateApiKey('read')
        await store.createKey({
          id: key.id,
          keyHash: key.keyHash,
          companyId: `co_${i}`,
          type: 'read',
          modules: [],
          role: 'analyst',
          name: `a key with a longish label so the listing outgrows a pipe buffer ${i}`,
        })
      }
      await store.close()
      const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
      const child = spawn(process.execPath, ['--import', 'tsx', cli, 'keys', 'list', '--db', db], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk)
      })
      // What `head -1` does: read the first chunk, then close its end of the pipe.
      child.stdout.once('data', () => child.stdout.destroy())
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
      // Only the line that names the database: no EPIPE error after it.
      expect(stderr).toBe(`cebe: database SQLite ${db} (from --db)\n`)
      expect(code).toBe(0)
    })
  })
})
