import { fileURLToPath } from 'node:url'

/** Tests resolve workspace packages to their TypeScript source, so a test run needs no build. */
export const workspaceAliases = {
  // The subpath first: '@cebe/schemas' would otherwise also match '@cebe/schemas/validate'.
  '@cebe/schemas/validate': fileURLToPath(
    new URL('./packages/schemas/src/validate-entry.ts', import.meta.url),
  ),
  '@cebe/schemas': fileURLToPath(new URL('./packages/schemas/src/index.ts', import.meta.url)),
  '@cebe/sdk': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
  '@cebe/registry-server': fileURLToPath(new URL('./packages/registry-server/src/index.ts', import.meta.url)),
}
