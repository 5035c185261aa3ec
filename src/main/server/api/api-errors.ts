import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { ERROR_CODES, type ErrorCode, type StudioErrorValue } from '@shared/errors'

/** Every failure of `/api/v1` has this body: a code a program can switch on, words a person can act on. */
export const apiErrorSchema = z
  .object({ error: z.object({ code: z.string().describe(`One of ${ERROR_CODES.join(', ')}, or IDEMPOTENCY_CONFLICT, PAYLOAD_TOO_LARGE, FORBIDDEN.`), message: z.string() }) })
  .meta({ id: 'Error' })

/** The HTTP status each studio error answers with; anything else the engine refuses is 422. */
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  UNKNOWN_COMMAND: 404,
  INVALID_TRANSITION: 409,
  UNSUPPORTED: 501,
  STORE_LOCKED: 503,
  FFMPEG_MISSING: 503,
  DISCONNECTED: 503,
  INTERNAL: 500
}

export function statusOf(code: string): number {
  return STATUS_OF[code as ErrorCode] ?? 422
}

/** A refusal of the API itself (not of the engine), with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }

  static fromStudio(error: StudioErrorValue): ApiError {
    return new ApiError(statusOf(error.code), error.code, error.message)
  }
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).send({ error: { code: error.code, message: error.message } })
}
