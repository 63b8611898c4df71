/** The verification snippet of docs/guides/webhooks.md, compiled as written (the docs are the test). */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'

const GUIDE = new URL('../../../../docs/guides/webhooks.md', import.meta.url)

export type SnippetVerify = (secret: string, headers: Record<string, unknown>, rawBody: string) => any

export function docsSnippetVerifier(): SnippetVerify {
  const text = readFileSync(GUIDE, 'utf8')
  const block = /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(
    text,
  )
  if (!block) throw new Error('docs/guides/webhooks.md has no verify snippet')
  const code = block[1]!.replace(/^import .*$/m, '')
  return new Function('createHmac', 'timingSafeEqual', 'Buffer', `${code}\nreturn verifyCebeWebhook`)(
    createHmac,
    timingSafeEqual,
    Buffer,
  ) as SnippetVerify
}
