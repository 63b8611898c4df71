/**
 * Runs `fn` in one transaction on a pooled client. A client whose ROLLBACK failed is discarded
 * rather than returned to the pool in an unknown state.
 */
import type pg from 'pg'

export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken = false
  const ignore = () => undefined
  client.on('error', ignore)
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true
    })
    throw error
  } finally {
    client.off('error', ignore)
    client.release(broken)
  }
}
