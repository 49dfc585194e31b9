import type { IncomingMessage } from 'node:http';
import { requestToken, tokenMatches } from './token.js';

export interface PolicyContext {
  port: number;
  token: string;
  /** This server's own token cookie (its name is unique to the server: port and run). */
  cookieName: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Paths a top-level navigation may open: the page itself. */
const PAGES = new Set(['/', '/index.html']);

/**
 * Who may talk to the browser host. Every request must name this server in its Host header (no DNS
 * rebinding) and carry the per-run token. A browser must also be on the page's own origin: other
 * local ports are the same *site* (cookies and SameSite do not separate them), so the Origin and
 * Sec-Fetch-Site headers are what tell a request from the page apart from one a page elsewhere forged.
 * A request with neither header comes from no browser (browsers send Sec-Fetch-Site on every request
 * and Origin on every POST), so it cannot be a page's forgery; the token alone admits it.
 */
export function checkRequest(req: IncomingMessage, url: URL, c: PolicyContext): Verdict {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${c.port}` && host !== `localhost:${c.port}`) return deny('unexpected Host header (not this server)');
  if (!tokenMatches(c.token, requestToken(req, url, c.cookieName))) return deny('missing or wrong token');
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (origin !== undefined && origin !== `http://${host}`) return deny(`request from another origin (${String(origin).slice(0, 100)})`);
  if (origin === undefined && site !== undefined && site !== 'same-origin') {
    const navigation = site === 'none' && req.headers['sec-fetch-mode'] === 'navigate' && req.method === 'GET' && PAGES.has(url.pathname);
    if (!navigation) return deny(`request from another site (Sec-Fetch-Site: ${String(site).slice(0, 40)})`);
  }
  return { ok: true };
}

/**
 * Bodies only as the types the page sends: a cross-origin page can POST text/plain or a form without a
 * CORS preflight, never application/json or application/octet-stream.
 */
export function checkBodyType(req: IncomingMessage, expected: 'application/json' | 'application/octet-stream'): Verdict {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === expected ? { ok: true } : deny(`body must be ${expected}, not ${type || 'untyped'}`);
}

function deny(reason: string): Verdict {
  return { ok: false, reason };
}
