/**
 * A loopback TCP proxy that paces the bytes it forwards to a fixed rate, like a link of that
 * speed between the studio and a bucket: every connection shares one budget per direction,
 * so eight uploads in flight share 80 Mbit/s as they would on a real uplink.
 */
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net'

/** Hands out transmit slots at `bitsPerSecond`; callers wait their turn. */
class LinkPacer {
  private nextFree = 0

  constructor(private readonly bytesPerMs: number) {}

  /** Milliseconds to wait before `bytes` may go, having booked them on the link. */
  book(bytes: number): number {
    const now = performance.now()
    const start = Math.max(now, this.nextFree)
    this.nextFree = start + bytes / this.bytesPerMs
    return this.nextFree - now
  }
}

export interface ThrottledProxy {
  /** `http://127.0.0.1:<port>`: use it as the target's endpoint. */
  endpoint: string
  /** Bytes forwarded towards the server so far. */
  bytesUp(): number
  close(): Promise<void>
}

function paced(from: Socket, to: Socket, pacer: LinkPacer, count: (bytes: number) => void): void {
  from.on('data', (chunk: Buffer) => {
    from.pause()
    setTimeout(() => {
      count(chunk.length)
      const flushed = to.write(chunk)
      if (flushed) from.resume()
      else to.once('drain', () => from.resume())
    }, pacer.book(chunk.length))
  })
  from.once('end', () => to.end())
}

export async function startThrottledProxy(targetPort: number, bitsPerSecond: number): Promise<ThrottledProxy> {
  const bytesPerMs = bitsPerSecond / 8 / 1000
  const up = new LinkPacer(bytesPerMs)
  const down = new LinkPacer(bytesPerMs)
  const sockets = new Set<Socket>()
  let forwardedUp = 0
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      // One side gone: the other goes too, as a real link would drop it.
      socket.once('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    paced(client, upstream, up, (n) => (forwardedUp += n))
    paced(upstream, client, down, () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bytesUp: () => forwardedUp,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
