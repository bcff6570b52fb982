import { describe, expect, it } from 'vitest';
import { WireSigner } from '../../../../../src/main/core/remote/signing';
import { entryFields, openEntry, openJob, parseControl, portableStart, signJob, type RemoteJob } from '../../../../../src/main/core/remote/wire';
import { TRAINER_PROTOCOL_VERSION, type StartMessage } from '../../../../../src/shared/trainer-protocol';
import { resolveTrialConfig } from '../../../../../src/shared/domain/hparams';

const signer = new WireSigner('owner-token-0123456789');
const intruder = new WireSigner('someone-elses-token-42');

function start(): StartMessage {
  return {
    type: 'start',
    protocol: TRAINER_PROTOCOL_VERSION,
    device: 'cpu',
    runId: 3,
    attempt: 2,
    config: resolveTrialConfig('mlp', 'binary', 11, { epochs: 2 }),
    dataset: {
      meta: { id: 'abcdef0123456789', name: 'd', kind: 'tabular', task: 'binary', inputShape: [2], featureNames: ['a', 'b'], classNames: ['0', '1'], splits: { train: 4, val: 2, test: 2 }, normalization: { mean: [0, 0], std: [1, 1] }, source: 's', createdAt: 'now' },
      cacheDir: '/owner/datasets/abc',
    },
    backend: 'auto',
    runDir: '/owner/runs/3',
    resumeFrom: { epoch: 4, path: '/owner/runs/3/checkpoints/epoch-4' },
    heartbeatMs: 20_000,
    threads: 1,
    verdicts: false,
  };
}

describe('what goes through Redis', () => {
  it("a job carries no owner path, and opens only with the owner's token and under its own id", () => {
    const job: RemoteJob = { v: 1, runId: 3, attempt: 2, studyId: 1, start: portableStart(start()) };
    expect(JSON.stringify(job)).not.toContain('/owner/');
    const data = signJob(signer, '3-2', job);
    expect(openJob(signer, '3-2', data)).toEqual(job);
    expect(openJob(intruder, '3-2', data)).toMatch(/signature does not match this worker token/);
    expect(openJob(signer, '4-2', data)).toMatch(/signature does not match/); // replayed under another id
    expect(openJob(signer, '3-2', { ...data, payload: data.payload.replace('"epochs":2', '"epochs":200') })).toMatch(/signature does not match/);
    expect(openJob(signer, '3-2', { foo: 1 })).toMatch(/not a signed HParam Studio trial/);
    // Signed, but claiming another run than its id says.
    expect(openJob(signer, '9-9', signJob(signer, '9-9', job))).toMatch(/does not match run 3 attempt 2/);
  });

  it('a stream entry opens only in its own job with the token; anything else is dropped', () => {
    const fields = entryFields(signer, '3-2', 'msg', { type: 'heartbeat', at: 1 });
    expect(openEntry(signer, '3-2', fields)).toEqual({ kind: 'msg', data: { type: 'heartbeat', at: 1 } });
    expect(openEntry(signer, '3-3', fields)).toBeNull();
    expect(openEntry(intruder, '3-2', fields)).toBeNull();
    expect(openEntry(signer, '3-2', ['k', 'msg', 'd', '{"type":"heartbeat","at":1}'])).toBeNull();
  });

  it('only stop, continue and verdicts travel as control messages', () => {
    expect(parseControl({ type: 'stop', mode: 'epoch-end', reason: 'pruned' })).toEqual({ type: 'stop', mode: 'epoch-end', reason: 'pruned' });
    expect(parseControl({ type: 'continue' })).toEqual({ type: 'continue' });
    expect(parseControl({ type: 'verdict', epoch: 3, stop: 'pruned' })).toEqual({ type: 'verdict', epoch: 3, stop: 'pruned' });
    expect(parseControl({ type: 'verdict', epoch: 0, stop: null })).toBeNull();
    expect(parseControl(start())).toBeNull();
    expect(parseControl({ type: 'stop', mode: 'later' })).toBeNull();
  });

  it('tokens: too short is refused; the fingerprint names the queue, not the token', () => {
    expect(() => new WireSigner('short')).toThrow(/at least 16 characters/);
    expect(signer.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(signer.fingerprint).not.toBe(intruder.fingerprint);
    expect(signer.sign('ab', 'c')).not.toBe(signer.sign('a', 'bc'));
  });
});
