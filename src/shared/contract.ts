/**
 * The one contract between the engine and every window or browser: each command's name,
 * the zod schema of its input, and the type of its result. The Electron IPC bridge, the
 * preload client, the WebSocket server and the WebSocket client are all derived from
 * STUDIO_COMMANDS; none of them keeps its own list. Adding a command means adding it here
 * and giving the engine a handler for it.
 */
import { z } from 'zod'
import type {
  AppInfo,
  EncoderReport,
  LibraryCollection,
  PlaybackSource,
  StudioSettings
} from './app'
import { studioSettingsPatchSchema } from './app'
import { saveRedisSchema, testRedisSchema, type RedisTestResult, type WorkersStatus } from './workers'
import { AUTOMATION_EVENTS, type ApiTokenInfo, type WebhookInfo } from './automation-events'
import type { StudioErrorValue } from './errors'
import type { QueueState, StudioEvent, StudioEventType } from './events'
import type { Job } from './job'
import { encodeSettingsSchema } from './settings'
import { addJobsInputSchema, watchFolderInputSchema, type AddJobsResult, type BatchProgress, type WatchFolderInfo } from './queue'
import { addTargetInputSchema, targetNameSchema, type ConnectionTestResult, type CorsReport, type StorageTarget } from './targets'

export interface CommandSpec<Input extends z.ZodType, Result> {
  input: Input
  /** Never read at run time: it carries the result type. */
  result: Result
}

/** `command(schema).returns<Result>()` declares a command. */
function command<Input extends z.ZodType>(input: Input) {
  return { returns: <Result>(): CommandSpec<Input, Result> => ({ input, result: undefined as Result }) }
}

const noInput = z.object({}).strict().optional()
const jobRef = z.object({ id: z.string().regex(/^job-[0-9a-f-]{36}$/, 'A job id looks like job-<uuid>.') })
/**
 * A drop names only its sources; what it leaves out comes from Settings: the encode settings,
 * the output folder and the default target (`target: null` publishes nowhere even when a
 * default target is set).
 */
export const addJobsCommandSchema = addJobsInputSchema.extend({
  settings: encodeSettingsSchema.optional(),
  target: z.string().min(1).nullable().optional()
})
/** A browser upload to `serve` (POST /api/uploads): the file is the source; the rest is as in jobs.add. */
export const uploadJobOptionsSchema = addJobsCommandSchema.omit({ sources: true })
export type UploadJobOptions = z.input<typeof uploadJobOptionsSchema>
/** SigV4 presigned URLs live at most 7 days. */
export const MAX_SHARE_SECONDS = 7 * 24 * 3600

export const STUDIO_COMMANDS = {
  'app.info': command(noInput).returns<AppInfo>(),

  'jobs.list': command(noInput).returns<Job[]>(),
  'jobs.get': command(jobRef).returns<Job>(),
  'jobs.add': command(addJobsCommandSchema).returns<AddJobsResult>(),
  'jobs.cancel': command(jobRef).returns<Job>(),
  'jobs.retry': command(jobRef).returns<Job>(),
  /** Re-runs only the upload of a job whose encode finished; the local package is kept for this. */
  'jobs.retryUpload': command(jobRef).returns<Job>(),
  /** Removes the job from the queue; its finished package stays unless deleteOutputs. */
  'jobs.remove': command(jobRef.extend({ deleteOutputs: z.boolean().default(false) })).returns<{ removed: string }>(),
  /** Moves a job to a place in the queue order (0 = next). */
  'jobs.move': command(jobRef.extend({ toIndex: z.number().int().min(0) })).returns<QueueState>(),
  'jobs.log': command(jobRef.extend({ tail: z.number().int().min(1).max(5000).default(200) })).returns<string[]>(),
  'batches.list': command(noInput).returns<BatchProgress[]>(),

  'queue.get': command(noInput).returns<QueueState>(),
  'queue.pause': command(noInput).returns<QueueState>(),
  'queue.resume': command(noInput).returns<QueueState>(),

  'settings.get': command(noInput).returns<StudioSettings>(),
  'settings.update': command(studioSettingsPatchSchema).returns<StudioSettings>(),
  /** Settings → Workers: the Redis in use and in Settings, and every worker heard from. */
  'workers.status': command(noInput).returns<WorkersStatus>(),
  /** Saves the Redis URL (its password to the secret store), used from the next start; url null removes both. */
  'workers.saveRedis': command(saveRedisSchema).returns<WorkersStatus>(),
  /** Pings a Redis within a few seconds and says in plain words what failed. */
  'workers.testRedis': command(testRedisSchema).returns<RedisTestResult>(),
  'encoders.report': command(z.object({ refresh: z.boolean().default(false) }).optional()).returns<EncoderReport>(),

  'targets.list': command(noInput).returns<StorageTarget[]>(),
  /** Adds or replaces a target and stores its credentials in the SecretStore. */
  'targets.save': command(addTargetInputSchema).returns<StorageTarget>(),
  'targets.remove': command(z.object({ name: targetNameSchema })).returns<{ removed: string }>(),
  'targets.test': command(z.object({ name: targetNameSchema })).returns<ConnectionTestResult>(),
  'targets.applyCors': command(z.object({ name: targetNameSchema, origins: z.array(z.string().min(1)).optional() })).returns<CorsReport>(),

  'watch.list': command(noInput).returns<WatchFolderInfo[]>(),
  'watch.add': command(watchFolderInputSchema).returns<WatchFolderInfo>(),
  'watch.remove': command(z.object({ path: z.string().min(1) })).returns<{ removed: string }>(),

  /** API tokens of serve's /api/v1: the token itself is in the answer of add only. */
  'apiTokens.list': command(noInput).returns<ApiTokenInfo[]>(),
  'apiTokens.add': command(z.object({ name: z.string().min(1).max(64) })).returns<{ name: string; token: string }>(),
  'apiTokens.revoke': command(z.object({ name: z.string().min(1).max(64) })).returns<{ revoked: string }>(),
  /** Webhook endpoints: the signing secret is in the answer of add only. */
  'webhooks.list': command(noInput).returns<WebhookInfo[]>(),
  'webhooks.add': command(z.object({ url: z.url({ protocol: /^https?$/ }).max(4096), events: z.array(z.enum(AUTOMATION_EVENTS)).min(1).optional() })).returns<WebhookInfo & { secret: string }>(),
  'webhooks.remove': command(z.object({ id: z.string().min(1).max(4096) })).returns<{ removed: string }>(),

  'library.list': command(noInput).returns<LibraryCollection[]>(),
  /** Deletes a package locally, in the bucket, or both. The source file is never touched. */
  'library.delete': command(jobRef.extend({ local: z.boolean(), remote: z.boolean() })).returns<{ deleted: string }>(),
  'playback.source': command(jobRef.extend({ from: z.enum(['local', 'remote']) })).returns<PlaybackSource>(),
  /** `mp4`: a link to the MP4 download instead of the HLS. */
  'share.create': command(jobRef.extend({ expiresInSeconds: z.number().int().min(60).max(MAX_SHARE_SECONDS), mp4: z.boolean().optional() })).returns<PlaybackSource>(),

  /*
   * Desktop only (AppInfo.canUseLocalPaths): native pickers and the OS shell. In a browser
   * against `serve` they answer UNSUPPORTED; the browser uploads dropped files instead.
   */
  /** Opens the native picker; an empty list when the person cancels. */
  'dialog.pickSources': command(z.object({ kind: z.enum(['files', 'folder']) })).returns<{ paths: string[] }>(),
  /** Picks a folder for output or watching; null when cancelled. */
  'dialog.pickFolder': command(z.object({ title: z.string().max(200).optional() }).optional()).returns<{ path: string | null }>(),
  /** Shows a job's package folder in the file manager. */
  'shell.reveal': command(jobRef).returns<{ revealed: string }>(),
  /** Opens an http(s) link in the person's browser. */
  'shell.openExternal': command(z.object({ url: z.string().url().max(4096) })).returns<{ opened: boolean }>()
} as const

export type StudioCommands = typeof STUDIO_COMMANDS
export type CommandName = keyof StudioCommands
export const COMMAND_NAMES = Object.keys(STUDIO_COMMANDS) as CommandName[]

/** What a caller passes (defaults not yet applied). */
export type CommandInput<N extends CommandName> = z.input<StudioCommands[N]['input']>
/** What a handler receives (validated, defaults applied). */
export type CommandArgs<N extends CommandName> = z.output<StudioCommands[N]['input']>
export type CommandResult<N extends CommandName> = StudioCommands[N]['result']

/** Every answer crosses a boundary in this envelope; errors are values, never stack traces. */
export type CommandOutcome<T> = { ok: true; value: T } | { ok: false; error: StudioErrorValue }

/** The engine side: one handler per command. */
export type StudioHandlers = {
  [N in CommandName]: (args: CommandArgs<N>) => Promise<CommandResult<N>>
}

/** The window side: what `window.studio` (Electron) and the WebSocket client both are. */
export interface StudioClient {
  invoke<N extends CommandName>(name: N, ...input: undefined extends CommandInput<N> ? [CommandInput<N>?] : [CommandInput<N>]): Promise<CommandResult<N>>
  /** Subscribes to one event type; returns its own unsubscribe. */
  on<T extends StudioEventType>(type: T, listener: (event: Extract<StudioEvent, { type: T }>) => void): () => void
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(STUDIO_COMMANDS, name)
}
