/**
 * Bench worker: holds a share of the viewers. Every `measureEvery`-th viewer decodes and measures the
 * delivery latency of bench danmaku; the others receive every packet over a real socket.io-client
 * connection but skip JSON-decoding event payloads (LazyDecoder), so that on a small machine the
 * load generators, not the server under test, do not eat the CPU. Some viewers send at a fixed rate.
 * Driven by the orchestrator over IPC: start → ready, go, stop → result.
 */
import { io, type Socket } from 'socket.io-client';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { ROOM_NAMESPACE, type Ack, type RoomEvent } from '../../common/room-protocol';
import { Histogram, benchText, parseBenchText, preciseNow } from './room-histogram';

interface Start { type: 'start'; url: string; worker: number; viewers: number; senders: number; sendIntervalMs: number; measureEvery: number }

/** Passes EVENT packets on without parsing their JSON (their content is ignored); everything else decodes normally. */
class LazyDecoder extends Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string' && obj.charCodeAt(0) === 50 /* '2' = EVENT */) {
      const nsp = obj[1] === '/' ? obj.slice(1, obj.indexOf(',')) : '/';
      this.emitReserved('decoded', { type: PacketType.EVENT, nsp, data: ['skipped'] });
      return;
    }
    super.add(obj);
  }
}
const lazyParser = { Encoder, Decoder: LazyDecoder };
type Msg = Start | { type: 'go' } | { type: 'stop' };

const hist = new Histogram();
const sockets: Socket[] = [];
const acked: string[] = [];
const refused: Record<string, number> = {};
const timers: NodeJS.Timeout[] = [];
let cfg: Start | null = null;
let measuring = false;

function onDanmaku(text: string): void {
  const b = parseBenchText(text);
  if (b && measuring) hist.record(preciseNow() - b.sentAt);
}

async function connectAll(c: Start): Promise<void> {
  const one = (i: number) => new Promise<void>((resolve, reject) => {
    const measure = i % c.measureEvery === 0;
    const s = io(`${c.url}${ROOM_NAMESPACE}`, {
      auth: { room: 'main', name: `w${c.worker}v${i}` }, transports: ['websocket'], forceNew: true,
      ...(measure ? {} : { parser: lazyParser }),
    });
    s.on('events', (batch: RoomEvent[]) => { for (const e of batch) if (e.type === 'danmaku') onDanmaku(e.text); });
    s.on('event', (e: { type: string; text?: string }) => { if (e.type === 'danmaku' && e.text) onDanmaku(e.text); });
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
    sockets.push(s);
  });
  for (let i = 0; i < c.viewers; i += 25) {
    await Promise.all(Array.from({ length: Math.min(25, c.viewers - i) }, (_, k) => one(i + k)));
  }
}

function startSending(c: Start): void {
  let n = 0;
  for (let i = 0; i < c.senders; i++) {
    const s = sockets[i];
    if (!s) break;
    // Spread senders over the interval so the load is smooth, not bursts.
    const phase = (i / c.senders) * c.sendIntervalMs;
    timers.push(setTimeout(() => {
      const send = () => {
        const id = `${c.worker}-${n++}`;
        s.timeout(10_000).emit('danmaku', { text: benchText(id, preciseNow()) }, (err: Error | null, a?: Ack) => {
          if (!err && a?.ok) acked.push(id);
          else refused[err ? 'timeout' : a && !a.ok ? a.code : 'unknown'] = (refused[err ? 'timeout' : a && !a.ok ? a.code : 'unknown'] ?? 0) + 1;
        });
      };
      send();
      timers.push(setInterval(send, c.sendIntervalMs));
    }, phase));
  }
}

process.on('message', (msg: Msg) => {
  if (msg.type === 'start') {
    cfg = msg;
    connectAll(msg).then(() => process.send?.({ type: 'ready' }), (err: Error) => process.send?.({ type: 'failed', message: err.message }));
  } else if (msg.type === 'go' && cfg) {
    measuring = true;
    startSending(cfg);
  } else if (msg.type === 'stop') {
    for (const t of timers) clearTimeout(t);
    // Let in-flight messages land before reporting.
    setTimeout(() => {
      measuring = false;
      process.send?.({ type: 'result', hist: hist.toJSON(), acked, refused, connected: sockets.filter((s) => s.connected).length }, () => {
        for (const s of sockets) s.close();
        process.exit(0);
      });
    }, 2000);
  }
});
process.on('disconnect', () => process.exit(0));
