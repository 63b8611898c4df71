#!/usr/bin/env node
// The `cebe` command. A committed launcher (not the build output itself), so npm can link the
// bin at install time in this monorepo, before `dist/` is built.
import '../dist/cli.js'
