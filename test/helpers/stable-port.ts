/**
 * A loopback port for a server a test stops and starts again on the same port (Redis lost
 * and back, a coordinator killed and restarted). A port from listen(0) comes from the
 * kernel's ephemeral range, and while its server is down any other test's outgoing
 * connection or listen(0) may take it, so the restart fails with EADDRINUSE. A port below
 * that range is never handed out on its own.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    return Number.isInteger(low) && low > 12_000 ? low : 32_768
  } catch {
    return 32_768
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

export async function restartablePort(): Promise<number> {
  const low = 10_000
  const high = ephemeralLow() - 1
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (await isFree(port)) return port
  }
  throw new Error(`No free loopback port between ${low} and ${high} after 50 tries.`)
}
