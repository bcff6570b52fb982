import crypto from 'node:crypto';
import { AppError } from '../../../shared/result';

export const MIN_TOKEN_LENGTH = 16;

/**
 * The owner and its workers share one secret, the worker token: every job the owner queues and every
 * message, checkpoint and dataset chunk a worker sends back carries an HMAC-SHA256 of it, so someone
 * who can reach Redis but lacks the token can neither make workers train nor write into the owner's
 * database. The token's fingerprint also names the queue, so owners with different tokens sharing one
 * Redis never see each other's trials.
 */
export class WireSigner {
  readonly fingerprint: string;

  constructor(private readonly token: string) {
    if (token.length < MIN_TOKEN_LENGTH) throw new AppError('invalid_input', `worker token: must be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}`);
    this.fingerprint = crypto.createHash('sha256').update(token).digest('hex').slice(0, 16);
  }

  /** Parts are length-prefixed, so ('ab', 'c') and ('a', 'bc') sign differently. */
  sign(...parts: (string | number | Uint8Array)[]): string {
    const mac = crypto.createHmac('sha256', this.token);
    for (const part of parts) {
      const bytes = typeof part === 'string' || typeof part === 'number' ? Buffer.from(String(part)) : part;
      mac.update(`${bytes.byteLength}:`);
      mac.update(bytes);
    }
    return mac.digest('hex');
  }

  verify(signature: string | Buffer | undefined, ...parts: (string | number | Uint8Array)[]): boolean {
    if (signature === undefined) return false;
    const given = Buffer.from(signature.toString(), 'utf8');
    const expected = Buffer.from(this.sign(...parts), 'utf8');
    return given.byteLength === expected.byteLength && crypto.timingSafeEqual(given, expected);
  }
}

export const sha256Hex = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');
