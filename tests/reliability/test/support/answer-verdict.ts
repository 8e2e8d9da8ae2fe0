import type { Answer } from './bounded-request';

/**
 * The contract every public endpoint keeps whatever it is sent: an answer in time, never a 5xx,
 * and every 4xx as RFC 9457 problem+json. Returns why an answer breaks it, or undefined.
 */
export function contractViolation(answer: Answer): string | undefined {
  if (answer.failure) return `no answer: ${answer.failure}`;
  if (answer.status >= 500) return `${answer.status} server error: ${answer.body.slice(0, 300)}`;
  if (answer.status < 200 || (answer.status >= 300 && answer.status < 400)) return `unexpected status ${answer.status}`;
  if (answer.status >= 400 && !answer.contentType.startsWith('application/problem+json')) {
    return `${answer.status} with content-type "${answer.contentType}" instead of application/problem+json: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}
