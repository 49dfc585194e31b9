import { readFile, realpath } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/**
 * Reads a file of the built renderer (dist/renderer) by URL path, or null: nothing outside that folder,
 * whatever the path spells (.., encoded dots, NUL) and wherever a link in it points.
 */
export async function readRendererFile(rendererDir: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const full = normalize(join(rendererDir, rel));
  if (!full.startsWith(normalize(rendererDir) + sep) || rel.includes('\0')) return null;
  const type = TYPES[extname(full)];
  if (!type) return null;
  try {
    // A symbolic link inside the folder must not lead out of it either.
    const [real, realDir] = await Promise.all([realpath(full), realpath(rendererDir)]);
    if (!real.startsWith(realDir + sep)) return null;
    return { body: await readFile(real), type };
  } catch {
    return null;
  }
}
