/** The socket.io Redis adapter, so `event`, `events` and `viewers` reach sockets on every hub process. */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../log';

export function attachRedis(io: Pick<Server, 'adapter'>, url: string, log: Logger): { quit(): Promise<void> } {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) {
    c.on('error', (err: Error) => log.warn(`redis: ${err.message}`));
    c.connect().catch((err: Error) => log.error(`redis connect to ${url} failed: ${err.message}`));
  }
  io.adapter(createAdapter(pub, sub));
  return {
    quit: async () => {
      // The adapter's close() fires its unsubscribes without awaiting them; ours queue behind them on
      // the same connection, so once they settle the client can quit without rejecting theirs.
      if (sub.isOpen) await Promise.allSettled([sub.pUnsubscribe(), sub.unsubscribe()]);
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
