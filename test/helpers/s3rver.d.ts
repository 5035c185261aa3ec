/** The parts of s3rver (no published types) the test helpers use. */
declare module 's3rver' {
  import type { Server } from 'node:http'

  interface S3rverOptions {
    address?: string
    port?: number
    silent?: boolean
    directory?: string
    resetOnClose?: boolean
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>
  }

  interface KoaLikeContext {
    method: string
    path: string
    query: Record<string, string | string[] | undefined>
    status: number
    type: string
    body: unknown
  }

  class S3rver {
    constructor(options?: S3rverOptions)
    /** Koa's middleware list, composed when the server starts listening. */
    middleware: Array<(ctx: KoaLikeContext, next: () => Promise<void>) => Promise<void> | void>
    httpServer?: Server
    run(): Promise<{ address: string; port: number; family: string }>
    close(): Promise<void>
  }
  export default S3rver
}
