import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import Fastify from 'fastify'
import type { WebSocket } from 'ws'
import type { QueueState, StudioEvent } from '@shared/events'
import type { Job } from '@shared/job'
import { resolveEncodeSettings } from '@shared/settings'
import { WS_PATH, parseClientMessage, type ServerMessage } from '@shared/wire'
import { defaultStudioSettings, serverAppInfo } from './app-fixtures'

/**
 * The built renderer served with a scripted studio behind the real wire protocol: for the UI
 * benchmark, which measures the renderer alone and so needs a queue of 1,000 jobs and exact
 * progress rates that a real engine on two cores cannot produce. End-to-end tests use `serve`.
 */
export interface ScriptedStudio {
  url: string
  jobs: Job[]
  /** Sends an event to every connected page. */
  emit: (event: StudioEvent) => void
  close: () => Promise<void>
}

export function scriptedJobs(count: number, running: number): Job[] {
  const settings = resolveEncodeSettings()
  return Array.from({ length: count }, (_, i) => {
    const id = `job-00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`
    const active = i < running
    const stamp = new Date(Date.UTC(2026, 0, 1, 8, 0, i)).toISOString()
    return {
      id,
      batchId: 'batch-bench',
      slug: `episode-${i + 1}`,
      title: `Episode ${i + 1}`,
      source: { kind: 'file', path: `/media/season/episode-${i + 1}.mp4` },
      resourceType: 'video',
      settings,
      outputDir: '/media/out',
      status: active ? 'ENCODING' : 'QUEUED',
      priority: 0,
      position: i + 1,
      attempts: 0,
      warnings: [],
      createdAt: stamp,
      updatedAt: stamp,
      startedAt: active ? stamp : undefined,
      progress: { percent: 0, stage: active ? 'ENCODING' : 'QUEUED' }
    } satisfies Job
  })
}

export async function startScriptedStudio(jobs: Job[], rendererDir = resolve(import.meta.dirname, '../../out/renderer')): Promise<ScriptedStudio> {
  const app = Fastify()
  const sockets = new Set<WebSocket>()
  const info = serverAppInfo()
  const settings = defaultStudioSettings()
  const queue = (): QueueState => ({ paused: false, concurrency: 4, counts: {}, order: jobs.filter((j) => j.status === 'QUEUED').map((j) => j.id) })
  const answers: Record<string, () => unknown> = {
    'app.info': () => info,
    'settings.get': () => settings,
    'targets.list': () => [],
    'jobs.list': () => jobs,
    'queue.get': queue,
    'batches.list': () => [{ batchId: 'batch-bench', label: 'Season 1', total: jobs.length, completed: 0, failed: 0, cancelled: 0, active: 4, queued: jobs.length - 4, finished: 0, summary: `0 of ${jobs.length}` }],
    'library.list': () => [],
    'encoders.report': () => ({
      ffmpegPath: '/usr/bin/ffmpeg',
      ffmpegVersion: info.ffmpeg.version,
      autoChoice: 'libx264',
      testedAt: new Date().toISOString(),
      encoders: [
        { name: 'libx264', kind: 'software', codec: 'h264', vendor: 'x264 (CPU)', usable: true },
        { name: 'h264_nvenc', kind: 'hardware', codec: 'h264', vendor: 'NVIDIA NVENC', usable: false, reason: 'h264_nvenc: listed, but no NVENC capable device' },
        { name: 'h264_vaapi', kind: 'hardware', codec: 'h264', vendor: 'VA-API', usable: false, reason: 'h264_vaapi: no /dev/dri/renderD128 on this machine' }
      ]
    })
  }

  await app.register(fastifyWebsocket)
  app.get(WS_PATH, { websocket: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('message', (data) => {
      const message = parseClientMessage(String(data))
      if ('error' in message || message.kind !== 'invoke') return
      const answer = answers[message.name]
      const reply: ServerMessage = {
        kind: 'outcome',
        id: message.id,
        outcome: answer ? { ok: true, value: answer() } : { ok: false, error: { code: 'UNSUPPORTED', message: `${message.name} is not scripted.` } }
      }
      socket.send(JSON.stringify(reply))
    })
  })
  await app.register(fastifyStatic, { root: rendererDir })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    jobs,
    emit: (event) => {
      const frame = JSON.stringify({ kind: 'event', event } satisfies ServerMessage)
      for (const socket of sockets) socket.send(frame)
    },
    close: () => app.close()
  }
}
