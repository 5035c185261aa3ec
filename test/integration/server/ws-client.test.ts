import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../../src/main/server/server'
import type { ConnectionState } from '../../../src/renderer/src/client/ws-client'
import type { StudioEvent } from '../../../src/shared/events'
import { tempDir } from '../../helpers/media'
import { connectClient, TEST_TOKEN } from '../../helpers/serve'
import { restartablePort } from '../../helpers/stable-port'

/** Resolves when the client reaches a state (it reports each change; nothing is timed). */
function reaches(client: ReturnType<typeof connectClient>, state: ConnectionState): Promise<void> {
  if (client.state === state) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = client.onConnectionChange((now) => {
      if (now !== state) return
      stop()
      resolve()
    })
  })
}

describe('the renderer’s WebSocket client against serve', () => {
  const root = tempDir('hls-studio-wsclient-')
  const dataDir = join(root.path, 'data')
  mkdirSync(dataDir, { recursive: true })
  let server: RunningServer | undefined
  afterAll(async () => {
    await server?.close()
    root.cleanup()
  })

  it('holds calls made before the socket opens, rejects calls cut off by a drop, survives a server restart, and listens again without being asked', async () => {
    // It comes back on the same port, so the port must be one no other test is handed meanwhile.
    const port = await restartablePort()
    server = await startServer({ dataDir, port, token: TEST_TOKEN, env: {} })
    const client = connectClient(server)
    // Made at once, while still connecting: held and sent on open.
    expect((await client.invoke('queue.get')).paused).toBe(false)

    const changes: StudioEvent[] = []
    client.on('queue-changed', (event) => changes.push(event))
    await client.invoke('queue.pause')
    expect(changes.at(-1)).toMatchObject({ type: 'queue-changed', queue: { paused: true } })

    const states: ConnectionState[] = []
    client.onConnectionChange((state) => states.push(state))
    const dropped = reaches(client, 'reconnecting')
    // Sent and still running (encoder proofs run ffmpeg) when the server goes: nobody knows if it ran.
    const inFlight = client.invoke('encoders.report', { refresh: true }).catch((error: unknown) => error)
    await server.close()
    await dropped
    expect(await inFlight).toMatchObject({ code: 'DISCONNECTED' })
    // Made while nothing is connected: held, whatever the failed reconnects meanwhile, and sent once back.
    const waiting = client.invoke('jobs.list')

    server = await startServer({ dataDir, port, token: TEST_TOKEN, env: {} })
    await reaches(client, 'open')
    expect(states[0]).toBe('reconnecting')
    expect(states.at(-1)).toBe('open')
    // The call made while the server was away ran once it was back.
    expect(await waiting).toEqual([])
    // The queue state survived the restart, and events flow to the same listener again.
    expect((await client.invoke('queue.resume')).paused).toBe(false)
    expect(changes.at(-1)).toMatchObject({ queue: { paused: false } })
    client.close()
    expect(client.state).toBe('closed')
    await expect(client.invoke('jobs.list')).rejects.toMatchObject({ code: 'DISCONNECTED' })
  })
})
