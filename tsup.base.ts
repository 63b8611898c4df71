import type { Options } from 'tsup'

/** One build shape for every package: ESM + CJS + .d.ts, Node 20 target. */
export function packageBuild(
  entry: string[] | Record<string, string>,
  extra: Partial<Options> = {},
): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...extra,
  }
}
