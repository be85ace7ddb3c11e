/** Overlays (OBS browser sources) only read the room: they never post. */
import type { PostRule } from './types';

export const readOnlyClientRule: PostRule = {
  name: 'read-only-client',
  check: ({ caller }) => (caller.client === 'overlay' ? { action: 'refuse', code: 'forbidden', message: 'An overlay connection cannot post; connect as a viewer.' } : null),
};
