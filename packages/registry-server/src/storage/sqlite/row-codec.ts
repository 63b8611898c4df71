/**
 * The wire format between the main thread and the SQLite writer thread (sqlite-commit.ts).
 * `postMessage` of an array of row objects structured-clones every object and every property —
 * hundreds of objects per commit, paid on both threads plus the garbage. A batch is instead
 * encoded once into ONE string (a string is copied as one block of memory) and decoded on the
 * other side; the outcomes come back the same way.
 *
 * Format: a sequence of fields in a fixed order. A string is `<length in UTF-16 units>:<text>`,
 * so any content (quotes, separators, control characters, lone surrogates) round-trips
 * unchanged; a number is `<decimal>;`; null is `~`. Outcomes carry `=` for "the customer the row
 * came with", the common case, instead of repeating it.
 */
import type { IdentityKind } from '@cebe/schemas'
import type { EventRow, IdentityConflict, Identifier, RowOutcome } from '../store.js'

const STATUS_CODES = { accepted: 'a', duplicate: 'd', conflict: 'c' } as const
const STATUSES: Record<string, RowOutcome['status']> = { a: 'accepted', d: 'duplicate', c: 'conflict' }

class Writer {
  out = ''

  str(value: string): void {
    this.out += `${value.length}:${value}`
  }

  strOrNull(value: string | null): void {
    if (value === null) this.out += '~'
    else this.out += `${value.length}:${value}`
  }

  num(value: number): void {
    this.out += `${value};`
  }

  numOrNull(value: number | null): void {
    if (value === null) this.out += '~'
    else this.out += `${value};`
  }
}

class Reader {
  pos = 0

  constructor(readonly text: string) {}

  str(): string {
    const colon = this.text.indexOf(':', this.pos)
    if (colon < 0) throw corrupt(this.pos)
    const start = colon + 1
    const end = start + Number(this.text.slice(this.pos, colon))
    if (!(end <= this.text.length)) throw corrupt(this.pos)
    this.pos = end
    return this.text.slice(start, end)
  }

  strOrNull(): string | null {
    if (this.text.charCodeAt(this.pos) === 126 /* ~ */) {
      this.pos++
      return null
    }
    return this.str()
  }

  num(): number {
    const semi = this.text.indexOf(';', this.pos)
    if (semi < 0) throw corrupt(this.pos)
    const value = Number(this.text.slice(this.pos, semi))
    this.pos = semi + 1
    return value
  }

  numOrNull(): number | null {
    if (this.text.charCodeAt(this.pos) === 126 /* ~ */) {
      this.pos++
      return null
    }
    return this.num()
  }

  char(): string {
    if (this.pos >= this.text.length) throw corrupt(this.pos)
    return this.text[this.pos++]!
  }

  /** True at the `=` marker (consumed). */
  same(): boolean {
    if (this.text.charCodeAt(this.pos) !== 61 /* = */) return false
    this.pos++
    return true
  }

  end(): void {
    if (this.pos !== this.text.length) throw corrupt(this.pos)
  }
}

function corrupt(pos: number): Error {
  return new Error(`corrupt writer-thread batch at offset ${pos}`)
}

export function encodeRows(rows: readonly EventRow[]): string {
  const w = new Writer()
  w.num(rows.length)
  for (const row of rows) {
    w.str(row.companyId)
    w.str(row.eventId)
    w.str(row.eventName)
    w.str(row.sourceModule)
    w.strOrNull(row.schemaVersion)
    w.strOrNull(row.customerId)
    w.num(row.eventTs)
    w.numOrNull(row.sentAt)
    w.str(row.contentHash)
    w.str(row.body)
    w.num(row.identifiers.length)
    for (const id of row.identifiers) {
      w.str(id.kind)
      w.str(id.value)
    }
  }
  return w.out
}

const NO_IDENTIFIERS: readonly Identifier[] = Object.freeze([])

export function decodeRows(text: string): EventRow[] {
  const r = new Reader(text)
  const count = r.num()
  const rows: EventRow[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const companyId = r.str()
    const eventId = r.str()
    const eventName = r.str()
    const sourceModule = r.str()
    const schemaVersion = r.strOrNull()
    const customerId = r.strOrNull()
    const eventTs = r.num()
    const sentAt = r.numOrNull()
    const contentHash = r.str()
    const body = r.str()
    const idCount = r.num()
    let identifiers = NO_IDENTIFIERS
    if (idCount > 0) {
      const ids: Identifier[] = []
      for (let j = 0; j < idCount; j++) ids.push({ kind: r.str() as IdentityKind, value: r.str() })
      identifiers = ids
    }
    rows[i] = {
      companyId,
      eventId,
      eventName,
      sourceModule,
      schemaVersion,
      customerId,
      eventTs,
      sentAt,
      contentHash,
      body,
      identifiers,
    }
  }
  r.end()
  return rows
}

/** Outcomes of `rows`, in row order; the decoder needs the same rows. */
export function encodeOutcomes(rows: readonly EventRow[], outcomes: readonly RowOutcome[]): string {
  const w = new Writer()
  w.num(outcomes.length)
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i]!
    w.out += STATUS_CODES[outcome.status]
    if (outcome.customerId !== null && outcome.customerId === rows[i]?.customerId) w.out += '='
    else w.strOrNull(outcome.customerId)
    const conflicts = outcome.identityConflicts ?? []
    w.num(conflicts.length)
    for (const c of conflicts) {
      w.str(c.kind)
      w.str(c.value)
      w.str(c.customerId)
      w.str(c.otherCustomerId)
    }
  }
  return w.out
}

export function decodeOutcomes(rows: readonly EventRow[], text: string): RowOutcome[] {
  const r = new Reader(text)
  const count = r.num()
  if (count !== rows.length) throw new Error(`writer thread answered ${count} outcomes for ${rows.length} rows`)
  const outcomes: RowOutcome[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const status = STATUSES[r.char()]
    if (!status) throw corrupt(r.pos - 1)
    const customerId = r.same() ? rows[i]!.customerId : r.strOrNull()
    const conflictCount = r.num()
    if (conflictCount === 0) {
      outcomes[i] = { status, customerId }
      continue
    }
    const identityConflicts: IdentityConflict[] = []
    for (let j = 0; j < conflictCount; j++) {
      identityConflicts.push({
        kind: r.str() as IdentityKind,
        value: r.str(),
        customerId: r.str(),
        otherCustomerId: r.str(),
      })
    }
    outcomes[i] = { status, customerId, identityConflicts }
  }
  r.end()
  return outcomes
}
