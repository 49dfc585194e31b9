import type { PreloadApi } from '../../app/ipc/names.js';
import type { EventName, Result } from '../../app/ipc/contract.js';
import { isRawDataName } from '../../app/formats/primary-file.js';

/** How the client reaches a host: Electron IPC through the preload, or HTTP to the browser host. */
export interface Transport {
  kind: 'electron' | 'browser';
  call(method: string, payload: unknown): Promise<Result<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Opens a volume's voxel stream (an OpenResult's dataUrl). */
  stream(dataUrl: string, signal: AbortSignal): Promise<Response>;
  /** Uploads dropped files (browser host); the Electron preload handles drops itself. */
  upload?(files: File[]): Promise<{ dropId: string; primary: string }>;
}

export function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    call: (m, p) => (api.methods as Record<string, (p: unknown) => Promise<unknown>>)[m](p) as Promise<Result<unknown>>,
    on: (e, l) => api.on(e, l),
    stream: (url, signal) => fetch(url, { signal }),
  };
}

const SESSION_HEADER = 'X-Voxelscope-Session';

/**
 * The browser host: POST /rpc/<method>, Server-Sent Events on /events. The per-run token travels in the
 * HttpOnly cookie the host set when the page loaded, so page script never handles it. The event stream
 * starts this page's session: its first event names it, and every call carries it, so the host knows
 * which page a volume belongs to (and lets it go when the page does).
 */
export function httpTransport(): Transport {
  const source = new EventSource('/events');
  const session = new Promise<string>((resolve, reject) => {
    source.addEventListener('session', (e) => resolve((JSON.parse((e as MessageEvent<string>).data) as { sessionId: string }).sessionId));
    // Before the first event, an error means the host refused us (no token) or is not there.
    source.addEventListener('error', () => reject(new Error('the host refused the event stream (token missing or wrong?); reload from the URL the host printed')), { once: true });
  });
  session.catch(() => undefined);
  const headers = async (type: string): Promise<Record<string, string>> => ({ 'Content-Type': type, [SESSION_HEADER]: await session });
  return {
    kind: 'browser',
    async call(method, payload) {
      const res = await fetch(`/rpc/${encodeURIComponent(method)}`, {
        method: 'POST', headers: await headers('application/json'), body: JSON.stringify(payload ?? {}),
      });
      if (res.status === 403) return { ok: false, error: { code: 'invalid-request', message: 'the host refused the request (token missing or wrong); reload from the URL the host printed' } };
      return (await res.json()) as Result<unknown>;
    },
    on(event, listener) {
      const h = (e: MessageEvent<string>): void => listener(JSON.parse(e.data));
      source.addEventListener(event, h as EventListener);
      return () => source.removeEventListener(event, h as EventListener);
    },
    async stream(url, signal) {
      return fetch(url, { signal, headers: { [SESSION_HEADER]: await session } });
    },
    async upload(files) {
      // The partner of a .hdr/.img pair or an ENVI header goes into the same drop folder.
      const ordered = [...files].sort((a, b) => Number(isRawDataName(a.name)) - Number(isRawDataName(b.name)));
      let dropId: string | null = null;
      for (const f of ordered) {
        const q = new URLSearchParams({ name: f.name, ...(dropId ? { dropId } : {}) });
        const res = await fetch(`/drop?${q}`, { method: 'POST', body: f, headers: await headers('application/octet-stream') });
        const r = (await res.json()) as Result<{ dropId: string }>;
        if (!r.ok) throw new Error(r.error.message);
        dropId = r.value.dropId;
      }
      return { dropId: dropId!, primary: ordered[0].name };
    },
  };
}
