/** A real API key stored straight into a test server's store (no CLI round trip). */
import { generateApiKey, type KeyStore, type ReadRole } from '@cebe/registry-server'

export async function storeKey(
  keys: Pick<KeyStore, 'createKey'>,
  key:
    | { companyId: string; type: 'write'; modules: readonly string[] }
    | { companyId: string; type: 'read'; role: ReadRole },
): Promise<string> {
  const generated = generateApiKey(key.type)
  await keys.createKey({
    id: generated.id,
    keyHash: generated.keyHash,
    companyId: key.companyId,
    type: key.type,
    modules: key.type === 'write' ? [...key.modules] : [],
    role: key.type === 'read' ? key.role : null,
    name: null,
  })
  return generated.key
}
