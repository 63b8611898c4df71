/**
 * Starts one of this directory's worker scripts: the bundle's `<name>.js` / `.cjs` in dist; under
 * vitest/tsx the `.ts` source, loaded through tsx's loader (a dev-only path).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

export function startThreadScript(name: string, workerData: unknown): Worker {
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url
  if (!here.endsWith('.ts')) {
    const script = new URL(here.endsWith('.cjs') ? `./${name}.cjs` : `./${name}.js`, here)
    return new Worker(script, { workerData })
  }
  const tsx = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs')
  const script = new URL(`./${name}.ts`, here).href
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(script)}) })`
  return new Worker(boot, { eval: true, workerData })
}
