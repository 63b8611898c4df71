import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { createAjv } from '../src/index.js'
import { artifactFiles } from '../src/json-schema/artifact-files.js'
import { standaloneFiles } from '../src/validation/standalone-files.js'

const packageDir = new URL('../', import.meta.url)
const artifactDir = new URL('../json-schema/', import.meta.url)
const files = artifactFiles()

function staleFiles(expected: Map<string, string>, base: URL): string[] {
  return [...expected]
    .filter(([path, content]) => {
      try {
        return readFileSync(new URL(path, base), 'utf8') !== content
      } catch {
        return true
      }
    })
    .map(([path]) => path)
}

describe('JSON Schema artifacts', () => {
  it('are committed and up to date with the zod source (run `npm run build -w @cebe/schemas` to refresh)', () => {
    expect(staleFiles(files, artifactDir)).toEqual([])
  })

  it('come with the precompiled validators the build generates, one per event version', () => {
    const validators = standaloneFiles()
    expect([...validators.keys()].filter((p) => p.startsWith('validators/'))).toHaveLength(73)
    expect(staleFiles(validators, packageDir)).toEqual([])
  })

  it('has one file per event version, the envelope and the catalog index', () => {
    const events = [...files.keys()].filter((p) => p.startsWith('events/'))
    expect(events).toHaveLength(73)
    expect(files.has('envelope.json')).toBe(true)
    expect(files.has('catalog.json')).toBe(true)
  })

  it('every schema compiles in ajv strict mode', () => {
    const ajv = createAjv()
    for (const [path, content] of files) {
      if (path === 'catalog.json') continue
      expect(() => ajv.compile(JSON.parse(content)), path).not.toThrow()
    }
  })

  it('loads with require and with import', async () => {
    const require = createRequire(import.meta.url)
    const viaRequire = require('../json-schema/events/campaign.replied/1-0-0.json')
    const viaImport = await import('../json-schema/events/campaign.replied/1-0-0.json', {
      with: { type: 'json' },
    })
    expect(viaRequire.$id).toBe('urn:cebe:event:campaign.replied:1-0-0')
    expect(viaImport.default).toEqual(viaRequire)
  })
})
