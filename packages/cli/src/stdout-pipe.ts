/**
 * `cebe keys list | head`: the reader closing the pipe early is how pipelines end, not an
 * error. Without a listener, the EPIPE of the next write would crash the process with a stack
 * trace; with this one the command stops quietly, as other Unix tools do.
 */
export function exitQuietlyWhenStdoutCloses(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
  })
}
