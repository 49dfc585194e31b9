import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The load benchmarks' reference: a bare Node server that sends a given number of bytes, as fast as
 * Node writes them (1 MiB writes with a Content-Length), with the headers that let its page keep them
 * in a SharedArrayBuffer. Voxelscope's load is measured beside a plain fetch from it in the same
 * Chromium: the transport's limit on this machine.
 */
export interface BareServer {
  origin: string;
  close(): Promise<void>;
}

const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };
const CHUNK = 1 << 20;

export async function startBareServer(): Promise<BareServer> {
  const block = Buffer.alloc(CHUNK, 0x5a);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { ...ISOLATED, 'Content-Type': 'text/html' });
      return void res.end('<!doctype html><title>bare</title>');
    }
    const n = Number(url.searchParams.get('n'));
    if (url.pathname !== '/bytes' || !Number.isSafeInteger(n) || n < 0) {
      res.writeHead(404, ISOLATED);
      return void res.end();
    }
    res.writeHead(200, { ...ISOLATED, 'Content-Type': 'application/octet-stream', 'Content-Length': String(n) });
    let sent = 0;
    const pump = (): void => {
      while (sent < n) {
        const part = Math.min(CHUNK, n - sent);
        sent += part;
        if (!res.write(part === CHUNK ? block : block.subarray(0, part))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
