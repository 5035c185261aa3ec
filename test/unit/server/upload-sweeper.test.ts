import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UploadSweeper } from '../../../src/main/server/upload-sweeper'
import { tempDir } from '../../helpers/media'

describe('UploadSweeper', () => {
  const dir = tempDir('hls-studio-sweeper-')
  afterAll(() => dir.cleanup())

  it('has nothing to sweep before the first upload made its folder', async () => {
    expect(await new UploadSweeper(join(dir.path, 'no-uploads-yet'), () => []).sweep()).toEqual([])
  })

  it('removes folders no job needs', async () => {
    const uploads = join(dir.path, 'uploads')
    mkdirSync(join(uploads, 'left-over'), { recursive: true })
    expect(await new UploadSweeper(uploads, () => []).sweep()).toEqual([join(uploads, 'left-over')])
  })

  it('rejects, for its caller to log, when the uploads folder cannot be read: it no longer pretends it is empty', async () => {
    const blocked = join(dir.path, 'a-file')
    writeFileSync(blocked, 'not a folder')
    await expect(new UploadSweeper(blocked, () => []).sweep()).rejects.toMatchObject({ code: 'ENOTDIR' })
  })
})
