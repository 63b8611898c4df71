/**
 * The built site served by `cebe docs serve` — the command the README tells readers to run — as a
 * child process on 127.0.0.1 and a free port, so the browser tests also prove that command works.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../../packages/cli/dist/cli.js', import.meta.url))

export interface DocsServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string
  close(): Promise<void>
}

export async function cebeDocsServe(docsDir: string): Promise<DocsServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'docs', 'serve', '--dir', docsDir, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    const collect = (chunk: Buffer) => {
      output += chunk
      const match = /docs site: (http:\/\/\S+?)\/? /.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.once('exit', (code) => reject(new Error(`cebe docs serve exited with ${code}: ${output}`)))
  })
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
    },
  }
}
