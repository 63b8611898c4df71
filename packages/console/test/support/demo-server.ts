/**
 * A real `cebe serve --demo` (the built CLI, as `npm start` runs it) on a fresh SQLite file and a
 * free port, with the demo's admin read key, plus a second read key of another role made with
 * `cebe keys create` — what a person would do to try the console under that role.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const CLI = fileURLToPath(new URL('../../../cli/dist/cli.js', import.meta.url))
export const DEMO_COMPANY = 'company_acme'

export interface DemoServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string
  adminKey: string
  db: string
  /** Everything `cebe serve` printed up to the demo keys. */
  banner: string
  readKey(role: string): Promise<string>
  close(): Promise<void>
}

export async function startDemoServer(): Promise<DemoServer> {
  if (!existsSync(CLI))
    throw new Error(`no built CLI at ${CLI}: run "npm run build" at the repository root first`)
  const dir = await mkdtemp(join(tmpdir(), 'cebe-console-test-'))
  const db = join(dir, 'demo.db')
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--demo', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const started = await new Promise<{ url: string; adminKey: string }>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      const adminKey = /demo read key \(admin\): (\S+)/.exec(output)?.[1]
      if (url && adminKey && /^console: open /m.test(output)) resolve({ url, adminKey })
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.once('exit', (code) => reject(new Error(`cebe serve --demo exited with ${code}: ${output}`)))
  })
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  return {
    ...started,
    db,
    banner: output,
    close,
    async readKey(role) {
      const { stdout } = await promisify(execFile)(process.execPath, [
        CLI,
        'keys',
        'create',
        '--db',
        db,
        '--company',
        DEMO_COMPANY,
        '--type',
        'read',
        '--role',
        role,
        '--json',
      ])
      return (JSON.parse(stdout) as { key: string }).key
    },
  }
}

/** The API itself, with a key: what the console's figures must equal. */
export function apiClient(url: string, key: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    status: async (path: string) =>
      (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } })).status,
  }
}
