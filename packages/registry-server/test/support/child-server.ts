import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./server-process.ts', import.meta.url))

export interface ChildServer {
  url: string
  process: ChildProcess
  /** Resolves when the process has exited. */
  exited: Promise<void>
}

/** `config` is merged over the child's defaults (JSON-serializable options only). */
export async function spawnServer(
  databaseUrl: string,
  config: Record<string, unknown> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, databaseUrl, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stderr = ''
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk) => {
      out += String(chunk)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line).url)
    })
    child.once('exit', (code) =>
      reject(new Error(`server process exited (${code}) before listening: ${stderr}`)),
    )
  })
  return { url, process: child, exited }
}
