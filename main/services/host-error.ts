/** A failure the user should see as is (not found, not available on this host, a request the host checked and refused). */
export class HostError extends Error {
  constructor(public readonly code: 'not-available' | 'not-found' | 'invalid-request', message: string) {
    super(message);
    this.name = 'HostError';
  }
}
