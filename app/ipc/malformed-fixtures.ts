/**
 * Requests that every host must reject. Kept with the contract so unit tests (validator) and e2e tests
 * (a real host over HTTP) run the same list.
 */
export const malformedRequests: { why: string; method: string; payload: unknown }[] = [
  { why: 'unknown method', method: 'readAnyFile', payload: { path: '/etc/passwd' } },
  { why: 'prototype key as method', method: '__proto__', payload: {} },
  { why: 'absolute path escapes the root', method: 'openBrowsed', payload: { path: '/etc/passwd' } },
  { why: 'dot-dot escapes the root', method: 'openBrowsed', payload: { path: 'data/../../secret.tif' } },
  { why: 'windows drive path', method: 'browse', payload: { dir: 'C:\\Windows' } },
  { why: 'NUL byte in path', method: 'openBrowsed', payload: { path: 'a.tif\0.png' } },
  { why: 'wrong type', method: 'browse', payload: { dir: 42 } },
  { why: 'extra field', method: 'appInfo', payload: { debug: true } },
  { why: 'payload not an object', method: 'recentList', payload: 'all' },
  { why: 'bad volume id', method: 'cancelLoad', payload: { volumeId: '../v1' } },
  { why: 'negative load step', method: 'openRecent', payload: { id: 'r1', plan: { zStep: -1 } } },
  { why: 'run output folder escapes the root', method: 'runStart', payload: { recipe: {}, inputs: ['a.tif'], out: '../out' } },
  { why: 'run input names an absolute path', method: 'runStart', payload: { recipe: {}, inputs: ['/etc'], out: { pick: 'p0123456789abcdef' } } },
  { why: 'forged pick id', method: 'runStart', payload: { recipe: {}, inputs: [{ pick: '/home/user' }], out: { pick: 'p0123456789abcdef' } } },
  { why: 'a pick with a path beside its id', method: 'runStart', payload: { recipe: {}, inputs: [{ pick: 'p0123456789abcdef', path: '/etc' }], out: 'out' } },
  { why: 'run output as an absolute path', method: 'runStart', payload: { recipe: {}, inputs: [{ pick: 'p0123456789abcdef' }], out: '/tmp/out' } },
  { why: 'input dialog told where to start', method: 'pickRunInputs', payload: { folders: false, defaultPath: '/etc' } },
  { why: 'output dialog told what to pick', method: 'pickRunOutput', payload: { path: '/' } },
  { why: 'forged drop id', method: 'openDropped', payload: { dropId: '/tmp/x', name: 'x.tif' } },
  { why: 'montage told where to write', method: 'exportMontage', payload: { volumeId: 'v0123456789abcdef', settings: {}, path: '/tmp/x.png' } },
];
