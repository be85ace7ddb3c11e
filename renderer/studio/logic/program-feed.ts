/**
 * The program monitor's <video> while it plays, shared with the scene editor: when the scene being
 * edited is on air, the editor draws its picture from the frames this page already decodes instead of
 * asking the core for JPEGs (which costs a second decode of the stream in another ffmpeg, base64 over
 * the bridge and a JPEG decode here, all competing with the encoder on a small machine). One page,
 * one store: no global state beyond the page.
 */
export type ProgramFeedListener = (video: HTMLVideoElement | null) => void;

export class ProgramFeed {
  private video: HTMLVideoElement | null = null;
  private readonly listeners = new Set<ProgramFeedListener>();

  /** The monitor's element while it shows frames, else null. */
  current(): HTMLVideoElement | null {
    return this.video;
  }

  set(video: HTMLVideoElement | null): void {
    if (video === this.video) return;
    this.video = video;
    for (const l of this.listeners) l(video);
  }

  subscribe(listener: ProgramFeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
