import { describe, expect, it } from 'vitest';
import { methodNames, eventNames, validateRequest } from '../../../app/ipc/contract.js';
import { malformedRequests } from '../../../app/ipc/malformed-fixtures.js';
import { EVENT_NAMES, METHOD_NAMES } from '../../../app/ipc/names.js';

describe('the contract', () => {
  it.each(malformedRequests.map((m) => [m.why, m] as const))('rejects %s', (_why, m) => {
    const r = validateRequest(m.method, m.payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['invalid-request', 'unknown-method']).toContain(r.error.code);
  });

  it('accepts well-formed requests and fills defaults', () => {
    expect(validateRequest('appInfo', {}).ok).toBe(true);
    expect(validateRequest('browse', { dir: 'a/b c' }).ok).toBe(true);
    const r = validateRequest('openBrowsed', { path: 'stacks/x.tif', plan: { zStep: 2 } });
    expect(r.ok && r.value.params).toEqual({ path: 'stacks/x.tif', plan: { zStep: 2, xyBin: 1, tRange: null } });
  });

  it('names the method and the field in its error', () => {
    const r = validateRequest('browse', { dir: 42 });
    expect(!r.ok && r.error.message).toMatch(/^browse: .* at dir$/);
  });

  it('the preload name lists match the contract exactly', () => {
    expect([...METHOD_NAMES].sort()).toEqual([...methodNames].sort());
    expect([...EVENT_NAMES].sort()).toEqual([...eventNames].sort());
  });
});
