/**
 * Optional peer dependencies of the CLI (`@cebe/registry-server`, `@modelcontextprotocol/sdk`):
 * `validate` and `schemas` must install in seconds for CI, so the commands that need one of them
 * load it on first use, and say in one line how to install it when it is missing.
 */
import { CliError } from './cli-error.js'

export async function loadOptionalPackage<T>(
  packageName: string,
  range: string,
  command: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (!isMissing(error, packageName)) throw error
    throw new CliError(
      `\`cebe ${command}\` needs ${packageName}, which is not installed: run npm install -D "${packageName}@${range}"`,
      1,
    )
  }
}

function isMissing(error: unknown, packageName: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${packageName}`)
  )
}
