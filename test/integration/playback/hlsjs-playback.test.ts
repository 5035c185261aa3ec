/** A package the engine writes plays in a real browser: Chromium with hls.js over MSE. */
import { join, relative } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/browser'
import { encodeFile } from '../../helpers/encode'
import { HLSJS_DIR, HLSJS_PLAYER_PAGE, playUntilAdvanced } from '../../helpers/hlsjs-player'
import { makeAudio, makeClip, tempDir } from '../../helpers/media'
import { serveFolders, type StaticServer } from '../../helpers/static-server'

const work = tempDir()
const out = join(work.path, 'out')

describe('playback in Chromium with hls.js', () => {
  let browser: Browser
  let server: StaticServer
  beforeAll(async () => {
    browser = await launchChromium()
    server = await serveFolders({ '/media/': out, '/hlsjs/': HLSJS_DIR }, { '/player.html': HLSJS_PLAYER_PAGE })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    work.cleanup()
  })

  const play = (master: string, forceLevel?: number) =>
    playUntilAdvanced(browser, `${server.url}/player.html`, `/media/${relative(out, master)}`, forceLevel)

  it('plays a video ladder, and the lowest rung can be forced', async () => {
    const clip = await makeClip(work.path, 'web', { width: 854, height: 480, seconds: 5 })
    const { outputs } = await encodeFile(clip, out, { segmentSeconds: 2, ladder: [480, 360] })
    // hls.js orders levels by bitrate, lowest first.
    expect((await play(outputs.masterPlaylist)).map((l) => `${l.width}x${l.height}`)).toEqual(['640x360', '854x480'])
    expect(await play(outputs.masterPlaylist, 0)).toHaveLength(2)
  })

  it('plays fMP4 segments', async () => {
    const clip = await makeClip(work.path, 'webfmp4', { seconds: 4 })
    const { outputs } = await encodeFile(clip, out, { segmentFormat: 'fmp4', segmentSeconds: 2 })
    expect((await play(outputs.masterPlaylist)).length).toBeGreaterThan(0)
  })

  it('plays an audio-only ladder', async () => {
    const podcast = await makeAudio(work.path, 'webaudio', { seconds: 8, noise: true })
    const { outputs } = await encodeFile(podcast, out)
    expect(await play(outputs.masterPlaylist)).toHaveLength(3)
  })
})
