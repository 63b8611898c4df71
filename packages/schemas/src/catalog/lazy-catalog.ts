import { type CatalogEntry, getCatalog } from './catalog-entries.js'

/**
 * `catalog` reads like a plain array but builds its JSON Schemas on first touch, so importing
 * the package (as the SDK does) costs nothing until someone looks at the catalog.
 */
export const catalog: readonly CatalogEntry[] = new Proxy([] as CatalogEntry[], {
  get: (_target, key) => Reflect.get(getCatalog(), key),
  has: (_target, key) => Reflect.has(getCatalog(), key),
  ownKeys: () => Reflect.ownKeys(getCatalog()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(getCatalog(), key)
    return descriptor && { ...descriptor, configurable: key !== 'length' }
  },
})
