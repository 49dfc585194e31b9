/** A failure the user should see as is (not found, not available on this host). */
export class HostError extends Error {
  constructor(public readonly code: 'not-available' | 'not-found', message: string) {
    super(message);
    this.name = 'HostError';
  }
}
