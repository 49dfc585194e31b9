import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** The token from the query string, the X-Voxelscope-Token header, or the session cookie. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const h = req.headers['x-voxelscope-token'];
  if (typeof h === 'string') return h;
  const m = /(?:^|;\s*)vs_token=([0-9a-f]+)/.exec(req.headers.cookie ?? '');
  return m ? m[1] : null;
}

export function tokenMatches(expected: string, got: string | null): boolean {
  if (!got || got.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(got));
}
