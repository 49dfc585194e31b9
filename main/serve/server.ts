import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventNames, type EventName, type EventPayload } from '../../app/ipc/contract.js';
import { HostApi, type HostPlatform } from '../services/host-api.js';
import { SECURITY_HEADERS } from '../services/security-headers.js';
import { readRendererFile } from '../services/static-files.js';
import { planeChunks } from '../services/volume-stream.js';
import type { RecentFiles } from '../services/recent-files.js';
import type { VolumeStore } from '../services/volume-store.js';
import { DropStore } from './drops.js';
import { newToken, requestToken, tokenMatches } from './token.js';

export interface ServeOptions {
  port: number;
  root: string | null;
  rendererDir: string;
  memoryBudget: number;
  version: string;
  store: VolumeStore;
  recent: RecentFiles;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  api: HostApi;
  close(): Promise<void>;
}

const MAX_RPC_BODY = 1 << 20;

/**
 * The browser host: the renderer and the contract over HTTP, bound to 127.0.0.1 only. Every request
 * must carry the per-run token (query, header or the cookie set on the first page load), and the Host
 * header must name this server, which also stops DNS-rebinding pages from reaching it.
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const token = o.token ?? newToken();
  const drops = new DropStore();
  const sse = new Set<ServerResponse>();
  let port = 0;
  const platform: HostPlatform = {
    kind: 'browser', name: 'Voxelscope', version: o.version, versions: { node: process.versions.node, v8: process.versions.v8 },
    memoryBudget: o.memoryBudget, root: o.root,
    resolveDrop: (id, name) => drops.resolve(id, name),
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => {
      const line = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of sse) res.write(line);
    },
  };
  const api = new HostApi(o.store, o.recent, platform);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return deny(res, 'forbidden: unexpected Host header');
    if (!tokenMatches(token, requestToken(req, url))) return deny(res, 'forbidden: missing or wrong token');
    const path = url.pathname;

    if (req.method === 'POST' && path.startsWith('/rpc/')) {
      const body = await readBody(req, MAX_RPC_BODY).catch(() => null);
      let payload: unknown;
      try {
        payload = body === null ? undefined : JSON.parse(body || '{}');
      } catch {
        return json(res, 400, { ok: false, error: { code: 'invalid-request', message: 'body is not JSON' } });
      }
      const result = await api.dispatch(decodeURIComponent(path.slice(5)), payload);
      const status = result.ok ? 200 : result.error.code === 'invalid-request' || result.error.code === 'unknown-method' ? 400 : 200;
      return json(res, status, result);
    }
    if (req.method === 'POST' && path === '/drop') {
      const name = url.searchParams.get('name') ?? 'dropped';
      try {
        const id = await drops.receive(req, name, url.searchParams.get('dropId'), o.memoryBudget);
        return json(res, 200, { ok: true, value: { dropId: id } });
      } catch (e) {
        return json(res, 200, { ok: false, error: { code: 'internal', message: (e as Error).message } });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 'method not allowed', 405);
    if (path === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(`: ${eventNames.join(' ')}\n\n`);
      for (const r of api.startupOpened()) res.write(`event: opened\ndata: ${JSON.stringify(r)}\n\n`);
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    const m = /^\/volume\/(v\d{1,9})\/data$/.exec(path);
    if (m) {
      const v = o.store.get(m[1]);
      if (!v) return deny(res, 'no such volume', 404);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(v.byteLength) });
      // Written chunks are views of the volume's memory: hold it until the response is finished or gone.
      res.once('close', v.hold());
      try {
        for await (const chunk of planeChunks(v)) {
          if (res.destroyed) return;
          // A client that goes away never drains: wait for either, or this loop (and the volume's
          // memory, which its chunks view) would be kept forever.
          if (!res.write(chunk)) await new Promise((r) => (res.once('drain', r), res.once('close', r)));
        }
        res.end();
      } catch {
        res.destroy();
      }
      return;
    }
    const file = await readRendererFile(o.rendererDir, path);
    if (!file) return deny(res, 'not found', 404);
    if (path === '/' || path === '/index.html') {
      res.setHeader('Set-Cookie', `vs_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
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
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, token, port, api,
    close: async () => {
      for (const r of sse) r.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      drops.cleanup();
    },
  };
}

function deny(res: ServerResponse, message: string, status = 403): void {
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
