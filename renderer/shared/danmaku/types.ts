/** Shapes shared by the danmaku layout (pure) and the canvas renderer (DOM). */

export type DanmakuKind = 'scroll' | 'top' | 'bottom';

/** What a page hands the engine: one viewer comment. `text` is untrusted and only ever drawn with fillText. */
export interface DanmakuInput {
  text: string;
  /** CSS colour, normally #rrggbb from the room protocol. */
  color: string;
  mode: DanmakuKind;
  /** Comments from the local viewer get a frame so they can find their own. */
  mine?: boolean;
}

/** Where and when the layout put one comment. Times in ms (any monotonic clock), lengths in CSS px. */
export interface Placement {
  kind: DanmakuKind;
  lane: number;
  /** When the comment enters (scroll: its left edge at the right border). */
  start: number;
  /** When it is gone (scroll: its right edge past the left border). */
  end: number;
  width: number;
  /** Scroll only: px per ms. */
  speed: number;
}
