import { z } from 'zod';
import { hostToTrainerSchema, startMessageSchema, type HostToTrainer, type StartMessage } from '../../../shared/trainer-protocol';
import type { TrainerExit } from '../scheduler/launcher';
import { PoolKeys } from './pool-keys';
import type { WireSigner } from './signing';

/**
 * What travels through Redis between the owner and a worker, besides BullMQ's own bookkeeping. Each
 * payload is JSON text signed with the worker token over (kind, job id, text), so an entry cannot be
 * forged, altered, or replayed into another job's stream.
 */
export const WIRE_VERSION = 1;

/** The job's data: the trainer's start message, with the owner's paths left out (a worker has its own). */
export const remoteJobSchema = z.object({
  v: z.literal(WIRE_VERSION),
  runId: z.number().int().positive(),
  attempt: z.number().int().min(1),
  studyId: z.number().int().positive(),
  start: startMessageSchema,
});
export type RemoteJob = z.infer<typeof remoteJobSchema>;

/** BullMQ job data as stored: the signed JSON text of a RemoteJob. */
export interface SignedJobData {
  payload: string;
  sig: string;
}

export function signJob(signer: WireSigner, jobId: string, job: RemoteJob): SignedJobData {
  const payload = JSON.stringify(job);
  return { payload, sig: signer.sign('job', jobId, payload) };
}

/** The job a worker may run, or why not (a foreign or altered job is refused, never trained). */
export function openJob(signer: WireSigner, jobId: string, data: unknown): RemoteJob | string {
  const d = data as Partial<SignedJobData> | null;
  if (typeof d?.payload !== 'string' || typeof d.sig !== 'string') return 'job data is not a signed HParam Studio trial';
  if (!signer.verify(d.sig, 'job', jobId, d.payload)) return 'job signature does not match this worker token (another owner queued it, or it was altered)';
  let raw: unknown;
  try {
    raw = JSON.parse(d.payload);
  } catch {
    return 'job data is not JSON';
  }
  const parsed = remoteJobSchema.safeParse(raw);
  if (!parsed.success) return `job data does not fit wire v${WIRE_VERSION}: ${parsed.error.issues[0]?.message}`;
  if (PoolKeys.jobId(parsed.data.runId, parsed.data.attempt) !== jobId) return `job id ${jobId} does not match run ${parsed.data.runId} attempt ${parsed.data.attempt}`;
  return parsed.data;
}

/** The start message as a job carries it: no owner paths, no resume (the worker finds its checkpoint). */
export function portableStart(start: StartMessage): StartMessage {
  return { ...start, dataset: { meta: start.dataset.meta, cacheDir: '' }, runDir: '', resumeFrom: undefined };
}

// ── stream entries ───────────────────────────────────────────────────────────

/** worker → owner: 'msg' = a trainer message as the trainer sent it; 'exit' = how its process ended. */
export type OutKind = 'msg' | 'exit';
/** owner → worker: 'msg' = stop, continue or an epoch's verdict for the trainer; 'kill' = end it now, report nothing. */
export type CtlKind = 'msg' | 'kill';

export const exitSchema = z.object({
  reason: z.enum(['clean-exit', 'crashed', 'oom', 'killed', 'launch-failed']),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  stderrTail: z.string(),
});

/** Field list for XADD: kind, data, signature. */
export function entryFields(signer: WireSigner, jobId: string, kind: string, data: unknown): string[] {
  const text = JSON.stringify(data ?? null);
  return ['k', kind, 'd', text, 's', signer.sign(kind, jobId, text)];
}

export interface Entry {
  kind: string;
  data: unknown;
}

/** A stream entry's fields (as XREAD returns them), verified; null when unsigned or altered. */
export function openEntry(signer: WireSigner, jobId: string, fields: string[]): Entry | null {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const kind = map.get('k');
  const text = map.get('d');
  if (kind === undefined || text === undefined || !signer.verify(map.get('s'), kind, jobId, text)) return null;
  try {
    return { kind, data: JSON.parse(text) };
  } catch {
    return null;
  }
}

export function parseExit(data: unknown): TrainerExit | null {
  const parsed = exitSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** The host's messages a running trainer takes: a start or evaluate never travels as a control message. */
export type ControlMessage = Extract<HostToTrainer, { type: 'stop' | 'continue' | 'verdict' }>;

export function isControlMessage(msg: HostToTrainer): msg is ControlMessage {
  return msg.type === 'stop' || msg.type === 'continue' || msg.type === 'verdict';
}

/** stop, continue and verdict only. */
export function parseControl(data: unknown): ControlMessage | null {
  const parsed = hostToTrainerSchema.safeParse(data);
  return parsed.success && isControlMessage(parsed.data) ? parsed.data : null;
}
