import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** What PostgreSQL uses by default (scram_iterations). */
const ITERATIONS = 4096;

/** The result of one step of a SCRAM exchange. */
export type ScramStep = { reply: string } | { failure: string };

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677), as PostgreSQL speaks it: the client proves
 * it knows the password without sending it, and the server proves it knows the verifier. Like a
 * `pg_authid` entry, only the salted keys are kept, derived once per server.
 *
 * No channel binding: the embedded server has no TLS (it refuses SSLRequest and listens on loopback).
 */
export class ScramVerifier {
  private readonly salt = randomBytes(16);
  private readonly storedKey: Buffer;
  private readonly serverKey: Buffer;

  constructor(password: string) {
    // SASLprep is skipped: it changes only non-ASCII passwords, and ours are generated base64url.
    const salted = pbkdf2Sync(password, this.salt, ITERATIONS, 32, 'sha256');
    this.storedKey = sha256(hmac(salted, 'Client Key'));
    this.serverKey = hmac(salted, 'Server Key');
  }

  /** One client's exchange: `first` takes the client-first-message, `final` the client-final-message. */
  exchange(): { first(message: string): ScramStep; final(message: string): ScramStep } {
    let clientFirstBare = '';
    let serverFirst = '';
    let nonce = '';
    let gs2Header = '';
    return {
      first: (message) => {
        // gs2-header "n,," (no channel binding) or "y,," (the client could, but we did not offer it).
        const header = /^([ny]),(?:a=[^,]*)?,/.exec(message);
        if (!header) return { failure: 'SCRAM: channel binding is not supported (expected a "n,," or "y,," header)' };
        gs2Header = header[0];
        clientFirstBare = message.slice(gs2Header.length);
        const clientNonce = attributes(clientFirstBare).get('r');
        if (!clientNonce) return { failure: 'SCRAM: the client-first-message has no nonce' };
        nonce = clientNonce + randomBytes(18).toString('base64');
        serverFirst = `r=${nonce},s=${this.salt.toString('base64')},i=${ITERATIONS}`;
        return { reply: serverFirst };
      },
      final: (message) => {
        const proofAt = message.lastIndexOf(',p=');
        if (proofAt < 0) return { failure: 'SCRAM: the client-final-message has no proof' };
        const withoutProof = message.slice(0, proofAt);
        const fields = attributes(withoutProof);
        if (fields.get('c') !== Buffer.from(gs2Header).toString('base64') || fields.get('r') !== nonce) {
          return { failure: 'SCRAM: the client-final-message does not match this exchange' };
        }
        const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const signature = hmac(this.storedKey, authMessage);
        if (proof.length !== signature.length) return { failure: 'password' };
        const clientKey = Buffer.from(proof.map((byte, i) => byte ^ signature[i]));
        if (!timingSafeEqual(sha256(clientKey), this.storedKey)) return { failure: 'password' };
        return { reply: `v=${hmac(this.serverKey, authMessage).toString('base64')}` };
      },
    };
  }
}

/** `a=1,b=2` → Map; values may contain `=` (base64). */
function attributes(text: string): Map<string, string> {
  return new Map(text.split(',').map((part) => [part.slice(0, 1), part.slice(2)] as [string, string]));
}
