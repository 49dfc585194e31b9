import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { eventNames, type EventName, type EventPayload } from '../../app/ipc/contract.js';
import { FileAccess } from '../services/file-access.js';
import type { BatchWorkers } from '../services/batch-run.js';
import { HostApi, toContractError, type HostPlatform } from '../services/host-api.js';
import { SECURITY_HEADERS } from '../services/security-headers.js';
import { SessionRegistry, type ClientSession } from '../services/sessions.js';
import { readRendererFile } from '../services/static-files.js';
import { planeChunks } from '../services/volume-stream.js';
import type { RecentFiles } from '../services/recent-files.js';
import type { VolumeStore } from '../services/volume-store.js';
import { DropError, DropStore, dropLimits } from './drops.js';
import { checkBodyType, checkRequest, type PolicyContext } from './request-policy.js';
import { drainedOrClosed } from './backpressure.js';
import { newToken, tokenCookieName } from './token.js';

export interface ServeOptions {
  port: number;
  root: string | null;
  rendererDir: string;
  memoryBudget: number;
  version: string;
  store: VolumeStore;
  recent: RecentFiles;
  token?: string;
  /** Files named on the command line: opened for every page that connects. */
  startupFiles?: string[];
  /** How long a session outlives its event stream (a reload reconnects within it). */
  sessionGraceMs?: number;
  /** Where dropped files are kept (a private folder is made in it); default the system's temp folder. */
  dropBase?: string;
  /** The worker scripts *Run on files…* runs on; without them it is not available. */
  batchWorkers?: BatchWorkers;
  /**
   * Dialogs that return paths the person running the server chose, as the desktop app's native ones
   * do (`voxelscope serve` has none; a harness that drives the desktop app's flow in a browser does).
   */
  pickers?: Pick<HostPlatform, 'pickRunInputs' | 'pickRunOutput'>;
  /** Where refusals are logged; default stderr. */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  /** The name of this server's token cookie. */
  cookieName: string;
  api: HostApi;
  sessions: SessionRegistry;
  drops: DropStore;
  close(): Promise<void>;
}

const MAX_RPC_BODY = 1 << 20;
/** The event stream's heartbeat: a dead connection shows itself at the next write. */
const PING_MS = 15_000;
export const SESSION_HEADER = 'x-voxelscope-session';

/**
 * The browser host: the renderer and the contract over HTTP, bound to 127.0.0.1 only. Who may talk to
 * it is decided by request-policy.ts (this server's Host, its token, the page's own origin). Each page
 * load is a session: its event stream hands out the session's id, every call names it, and what the
 * session opened or dropped is released a few seconds after its event stream goes away.
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const token = o.token ?? newToken();
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const drops = new DropStore(dropLimits(o.memoryBudget), o.dropBase);
  const streams = new Map<string, Set<ServerResponse>>();
  const policy: PolicyContext = { port: 0, token, cookieName: '' };
  const platform: HostPlatform = {
    kind: 'browser', name: 'Voxelscope', version: o.version, versions: { node: process.versions.node, v8: process.versions.v8 },
    memoryBudget: o.memoryBudget, root: o.root,
    resolveDrop: (s, id, name) => drops.resolve(s.id, id, name),
    batchWorkers: o.batchWorkers,
    ...o.pickers,
  };
  const api = new HostApi(o.store, o.recent, platform);
  const sessions = new SessionRegistry((s) => {
    api.endSession(s);
    drops.releaseOwner(s.id);
    streams.delete(s.id);
  }, o.sessionGraceMs);

  const emitTo = (id: string) => <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    const line = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams.get(id) ?? []) res.write(line);
  };

  /** Opens the command line's files for a new page, as if it had asked for them. */
  const openStartupFiles = async (s: ClientSession): Promise<void> => {
    for (const path of o.startupFiles ?? []) {
      try {
        // Named on the command line by whoever started the server: not confined to --root.
        s.emit('opened', await api.openPath(path, s, { access: FileAccess.anywhere() }));
      } catch (e) {
        s.emit('openFailed', { name: basename(path), error: toContractError(e) });
      }
    }
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse): void => {
    const resumed = req.headers['last-event-id'];
    const again = typeof resumed === 'string' && sessions.relink(resumed);
    const session = again ? sessions.get(resumed)! : sessions.start(emitTo);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    // The id makes a reconnecting EventSource send Last-Event-ID: the same page keeps its session.
    res.write(`retry: 1000\nid: ${session.id}\nevent: session\ndata: ${JSON.stringify({ sessionId: session.id, events: eventNames })}\n\n`);
    let set = streams.get(session.id);
    if (!set) streams.set(session.id, (set = new Set()));
    set.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    ping.unref();
    req.on('close', () => {
      clearInterval(ping);
      streams.get(session.id)?.delete(res);
      sessions.unlink(session.id);
    });
    if (!again) void openStartupFiles(session);
  };

  const handleVolume = async (res: ServerResponse, session: ClientSession | undefined, id: string): Promise<void> => {
    const v = session && o.store.get(id, session.id);
    if (!v) return text(res, 404, 'no such volume');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    // Written chunks are views of the volume's memory: hold it until the response is finished or gone.
    res.once('close', v.hold());
    try {
      for await (const chunk of planeChunks(v)) {
        if (res.destroyed) return;
        if (!res.write(chunk)) await drainedOrClosed(res);
      }
      res.end();
    } catch {
      res.destroy();
    }
  };

  const handleDrop = async (req: IncomingMessage, res: ServerResponse, url: URL, session: ClientSession | undefined): Promise<void> => {
    const name = url.searchParams.get('name') ?? '';
    // Refused uploads are answered before their body is read: close the connection rather than drain it.
    res.setHeader('Connection', 'close');
    if (!session) return json(res, 400, { ok: false, error: { code: 'invalid-request', message: 'no session: the page must open its event stream first' } });
    if (!/^[^\\/\0]{1,1024}$/.test(name) || name === '.' || name === '..') {
      return json(res, 400, { ok: false, error: { code: 'invalid-request', message: 'a dropped file needs a plain file name' } });
    }
    try {
      const id = await drops.receive(req, session.id, name, url.searchParams.get('dropId'));
      res.removeHeader('Connection');
      return json(res, 200, { ok: true, value: { dropId: id } });
    } catch (e) {
      const status = e instanceof DropError ? e.status : 500;
      log(`voxelscope serve: drop refused: ${(e as Error).message}`);
      return json(res, status, { ok: false, error: { code: status === 404 ? 'not-found' : 'invalid-request', message: (e as Error).message } });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(req, url, policy);
    if (!verdict.ok) {
      log(`voxelscope serve: refused ${req.method} ${url.pathname.slice(0, 200)}: ${verdict.reason}`);
      return text(res, 403, `forbidden: ${verdict.reason}`);
    }
    const path = url.pathname;
    const sessionId = req.headers[SESSION_HEADER];
    const session = sessions.get(typeof sessionId === 'string' ? sessionId : null);

    if (req.method === 'POST' && path.startsWith('/rpc/')) {
      const typed = checkBodyType(req, 'application/json');
      if (!typed.ok) {
        log(`voxelscope serve: refused POST ${path.slice(0, 200)}: ${typed.reason}`);
        return text(res, 403, `forbidden: ${typed.reason}`);
      }
      let method: string;
      try {
        method = decodeURIComponent(path.slice(5));
      } catch {
        return json(res, 400, { ok: false, error: { code: 'invalid-request', message: 'malformed percent-encoding in the method name' } });
      }
      const body = await readBody(req, MAX_RPC_BODY).catch(() => null);
      let payload: unknown;
      try {
        payload = body === null ? undefined : JSON.parse(body || '{}');
      } catch {
        return json(res, 400, { ok: false, error: { code: 'invalid-request', message: 'body is not JSON' } });
      }
      if (!session) return json(res, 400, { ok: false, error: { code: 'invalid-request', message: 'no session: the page must open its event stream first' } });
      const result = await api.dispatch(session, method, payload);
      const status = result.ok ? 200 : result.error.code === 'invalid-request' || result.error.code === 'unknown-method' ? 400 : 200;
      return json(res, status, result);
    }
    if (req.method === 'POST' && path === '/drop') {
      const typed = checkBodyType(req, 'application/octet-stream');
      if (!typed.ok) {
        log(`voxelscope serve: refused POST /drop: ${typed.reason}`);
        return text(res, 403, `forbidden: ${typed.reason}`);
      }
      return handleDrop(req, res, url, session);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
    if (path === '/events') return handleEvents(req, res);
    const m = /^\/volume\/(v[0-9a-f]{16})\/data$/.exec(path);
    if (m) return handleVolume(res, session, m[1]);
    const file = await readRendererFile(o.rendererDir, path);
    if (!file) return text(res, 404, 'not found');
    if (path === '/' || path === '/index.html') {
      res.setHeader('Set-Cookie', `${policy.cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    res.writeHead(200, { 'Content-Type': file.type });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: String(e) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  policy.port = port;
  policy.cookieName = tokenCookieName(port);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, token, port, cookieName: policy.cookieName, api, sessions, drops,
    close: async () => {
      sessions.endAll();
      for (const set of streams.values()) for (const r of set) r.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      drops.cleanup();
    },
  };
}

function text(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message + '\n');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > max) {
        reject(new Error('body too large'));
        req.destroy();
      } else parts.push(b);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
