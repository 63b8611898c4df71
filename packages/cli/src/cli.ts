#!/usr/bin/env node
/** The `cebe` command. */
import { runCli } from './program.js'
import { exitQuietlyWhenStdoutCloses } from './stdout-pipe.js'

exitQuietlyWhenStdoutCloses()
process.exitCode = await runCli(process.argv.slice(2))
