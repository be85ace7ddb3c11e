/**
 * Bounds on what one RTMP connection can make NMS's parser allocate. NMS trusts the peer: a 24-bit
 * message length allocates up to 16 MiB per chunk stream, any number of chunk streams may be opened,
 * and a chunk size of 0 stalls the parser. We wrap the parser's own steps on this one instance and
 * throw an RtmpViolation, which the engine turns into "close this connection with a log line".
 */
import type { NmsRtmpParser } from './nms-internals';
import type { RelayLimits } from './limits';

/** Thrown inside NMS's parser to end one connection; never escapes the engine. */
export class RtmpViolation extends Error {}

/** Thrown to stop parsing the rest of a buffer after the engine already destroyed the socket. */
export class SessionClosed extends Error {}

const MAX_CHUNK_SIZE = 0x7fffffff; // the top bit must be 0 (RTMP spec 5.4.1)

export function guardRtmpParser(rtmp: NmsRtmpParser, limits: Pick<RelayLimits, 'rtmpMaxMessageBytes' | 'rtmpMaxReassemblyBytes' | 'rtmpMaxChunkStreams'>): void {
  const alloc = rtmp.packetAlloc.bind(rtmp);
  rtmp.packetAlloc = () => {
    const length = rtmp.parserPacket.header.length;
    if (length > limits.rtmpMaxMessageBytes) {
      throw new RtmpViolation(`message of ${length} bytes exceeds the ${limits.rtmpMaxMessageBytes}-byte limit`);
    }
    alloc();
    let total = 0;
    for (const p of rtmp.inPackets.values()) total += p.capacity;
    if (total > limits.rtmpMaxReassemblyBytes) {
      throw new RtmpViolation(`reassembly buffers of ${total} bytes exceed the ${limits.rtmpMaxReassemblyBytes}-byte limit`);
    }
  };

  const parse = rtmp.packetParse.bind(rtmp);
  rtmp.packetParse = () => {
    parse();
    if (rtmp.inPackets.size > limits.rtmpMaxChunkStreams) {
      throw new RtmpViolation(`more than ${limits.rtmpMaxChunkStreams} chunk streams`);
    }
  };

  const control = rtmp.controlHandler.bind(rtmp);
  rtmp.controlHandler = () => {
    const packet = rtmp.parserPacket;
    // Protocol control messages (types 1, 2, 3, 5, 6) carry at least a 4-byte value; NMS would read
    // stale buffer bytes from a shorter one.
    if (packet.header.length < 4) {
      throw new RtmpViolation(`protocol control message type ${packet.header.type} of ${packet.header.length} bytes`);
    }
    control();
    const size = rtmp.inChunkSize;
    if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) {
      throw new RtmpViolation(`invalid chunk size ${size}`);
    }
  };
}
