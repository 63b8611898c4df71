/**
 * The HTTP side of the ingest bench: keep-alive POSTs, a closed-loop or paced load with latency
 * percentiles, and the server's own commit counts and CPU time.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { batchBody } from './event-factory.js'

export interface LoadResult {
  eventsPerSecond: number
  p50: number
  p99: number
  errors: number
  /** CPU time per acknowledged event, µs: the server process (all threads) and this client. */
  serverCpuUsPerEvent: number
  clientCpuUsPerEvent: number
}

/** user + system CPU of a process (all its threads), in µs, from /proc (Linux). */
export function processCpuUs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
  } catch {
    return Number.NaN
  }
}

/** One POST on a keep-alive socket; resolves with the status and parsed JSON answer. */
export function post(
  agent: http.Agent,
  url: URL,
  key: string,
  body: string,
): Promise<{ status: number; json: { accepted?: number } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) })
          } catch (error) {
            reject(error)
          }
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Fixed duration; only acknowledged (committed) events count; a request still in flight at the
 * end is waited for and its time counts. Latency of an event = its ack time − the moment its
 * batch was built (the batch's event_timestamp): source-to-committed, client queueing included.
 */
export async function load(
  url: string,
  key: string,
  serverPid: number,
  options: { seconds: number; batch: number; concurrency?: number; rate?: number },
): Promise<LoadResult> {
  const endpoint = new URL('/v1/events', url)
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.rate ? 64 : (options.concurrency ?? 4),
  })
  const latencies: number[] = []
  const weights: number[] = []
  let accepted = 0
  let errors = 0
  let offset = 0
  const send = async (built?: { body: string; created: number }) => {
    const { body, created } = built ?? batchBody(options.batch, offset)
    offset += options.batch
    const res = await post(agent, endpoint, key, body)
    if (res.status !== 200) {
      errors++
      return
    }
    accepted += res.json.accepted ?? 0
    latencies.push(Date.now() - created)
    weights.push(res.json.accepted ?? 0)
  }
  const serverCpu = processCpuUs(serverPid)
  const clientCpu = process.cpuUsage()
  const started = Date.now()
  const end = started + options.seconds * 1000
  if (options.rate) {
    // Open loop: a batch is built on schedule whether or not earlier ones were answered.
    const interval = (options.batch / options.rate) * 1000
    const inFlight: Promise<void>[] = []
    for (let next = started; next < end; next += interval) {
      const wait = next - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      inFlight.push(send().catch(() => void errors++))
    }
    await Promise.all(inFlight)
  } else {
    await Promise.all(
      Array.from({ length: options.concurrency ?? 4 }, async () => {
        while (Date.now() < end) await send().catch(() => void errors++)
      }),
    )
  }
  const elapsed = (Date.now() - started) / 1000
  const client = process.cpuUsage(clientCpu)
  const server = processCpuUs(serverPid) - serverCpu
  agent.destroy()
  return {
    eventsPerSecond: accepted / elapsed,
    p50: percentile(latencies, weights, 0.5),
    p99: percentile(latencies, weights, 0.99),
    errors,
    serverCpuUsPerEvent: Math.round(server / Math.max(1, accepted)),
    clientCpuUsPerEvent: Math.round((client.user + client.system) / Math.max(1, accepted)),
  }
}

export function percentile(values: number[], weights: number[], p: number): number {
  const pairs = values.map((v, i) => [v, weights[i]!] as const).sort((a, b) => a[0] - b[0])
  const total = pairs.reduce((s, [, w]) => s + w, 0)
  let seen = 0
  for (const [v, w] of pairs) {
    seen += w
    if (seen >= p * total) return v
  }
  return pairs.at(-1)?.[0] ?? Number.NaN
}

/** Commits and events committed so far, from the server's /metrics (`cebe_commit_events`). */
export async function commitCounts(url: string): Promise<{ commits: number; events: number } | undefined> {
  try {
    const text = await (await fetch(new URL('/metrics', url))).text()
    const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1])
    const commits = read('cebe_commit_events_count')
    const events = read('cebe_commit_events_sum')
    return Number.isFinite(commits) && Number.isFinite(events) ? { commits, events } : undefined
  } catch {
    return undefined
  }
}
