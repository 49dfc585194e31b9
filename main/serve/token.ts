import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * The token cookie's name, unique to one server (its port and a random run id): cookies are shared by
 * every port of 127.0.0.1, so a fixed name would reach every local server and a second
 * `voxelscope serve` would overwrite the first's.
 */
export function tokenCookieName(port: number): string {
  return `vs_token_${port}_${randomBytes(4).toString('hex')}`;
}

/** The token from the query string, the X-Voxelscope-Token header, or this server's cookie. */
export function requestToken(req: IncomingMessage, url: URL, cookieName: string): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const h = req.headers['x-voxelscope-token'];
  if (typeof h === 'string') return h;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === cookieName) return part.slice(eq + 1).trim();
  }
  return null;
}

export function tokenMatches(expected: string, got: string | null): boolean {
  if (!got) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}
