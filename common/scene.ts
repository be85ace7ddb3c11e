/**
 * Scenes and sources: what the studio composes into the stream. Shared by the UI (editing), the
 * pipeline service (validation) and the ffmpeg argument builder (media/studio/args).
 *
 * Geometry: every layer's rectangle is NORMALISED to the canvas: x, y, width and height are
 * fractions 0..1 of the output canvas (x=0,y=0 is the top-left corner). A layout therefore
 * survives a change of output resolution unchanged; the args builder rounds to even pixels.
 * Layers are drawn in array order: the first layer is the bottom, the last is on top.
 */
import { z } from 'zod';

export { textRasterKey } from './text-raster-key';
import { DEFAULT_NAMES, type DefaultNames } from './default-names';

/** A rectangle in canvas fractions (see the file comment). */
export const RectSchema = z
  .object({
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().gt(0).max(1),
    height: z.number().gt(0).max(1),
  })
  .refine((r) => r.x + r.width <= 1.0001 && r.y + r.height <= 1.0001, {
    message: 'A layer must fit inside the canvas (x + width and y + height at most 1).',
  });
export type Rect = z.infer<typeof RectSchema>;

/** A pixel region of a display (for "capture part of the screen"). */
export const PixelRegionSchema = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(2),
  height: z.number().int().min(2),
});
export type PixelRegion = z.infer<typeof PixelRegionSchema>;

const DeviceRef = z.string().min(1).optional();

/** CSS font family names: letters (any script), digits, spaces and a few separators; never CSS syntax. */
export const FontFamilySchema = z.string().max(100).regex(/^[\p{L}\p{N} _.,'-]*$/u, 'a font family name: letters, digits, spaces, commas');

/**
 * A text layer rasterised by the studio UI with the platform's fonts (colour emoji included) and
 * stored by the core as <data>/text-images/<id>.png (id = SHA-256 of the PNG). `key` is
 * textRasterKey() of the text it shows: when the text, font, size or colours change without a new
 * raster (a scene edited through the API), the keys differ and ffmpeg's drawtext is used instead.
 * `path` is filled in by the core for the pipeline only, never taken from a client.
 */
export const TextRasterSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'a text image id is a SHA-256 in hex'),
  width: z.number().int().min(1).max(7680),
  height: z.number().int().min(1).max(4320),
  key: z.string().regex(/^[0-9a-f]{8}$/),
  path: z.string().min(1).optional(),
});
export type TextRaster = z.infer<typeof TextRasterSchema>;


export const VideoSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('display'),
    /** A display id from device listing (Linux ":0.0", Windows "desktop", macOS avfoundation index). Absent: the primary display. */
    device: DeviceRef,
    /** Capture only this part of the display (pixels of that display). Absent: the whole display. */
    region: PixelRegionSchema.optional(),
    showCursor: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('window'),
    /** The window's title. Only Windows (gdigrab title=) can capture one window; elsewhere it is left out with a note. */
    title: z.string().min(1),
  }),
  z.object({
    kind: z.literal('camera'),
    /** A camera id from device listing (Linux /dev/videoN, Windows/macOS device name). Absent: the first camera. */
    device: DeviceRef,
    /** Requested capture size/rate; the camera may pick the nearest mode it supports. */
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    fps: z.number().positive().optional(),
  }),
  z.object({ kind: z.literal('image'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('text'),
    text: z.string().min(1).max(500),
    fontSize: z.number().int().min(6).max(400).default(48),
    /** CSS-like colour understood by ffmpeg: "white", "#ff0000", "0xff0000". */
    color: z.string().regex(/^(#|0x)?[0-9a-zA-Z]+$/).default('white'),
    /** A font family the editor and the raster use (platform fonts, CJK and emoji fall back by themselves). */
    fontFamily: FontFamilySchema.optional(),
    /** Outline around the glyphs, in output pixels (absent or 0 = none); black when no colour is given. */
    outlineWidth: z.number().int().min(0).max(20).optional(),
    outlineColor: z.string().regex(/^(#|0x)?[0-9a-zA-Z]+$/).optional(),
    /** A font file for the drawtext fallback; absent: a CJK-capable system font when one is found. */
    fontFile: z.string().min(1).optional(),
    /** The text as the editor drew it (see TextRasterSchema); absent: ffmpeg draws it (drawtext fallback). */
    raster: TextRasterSchema.optional(),
  }),
  z.object({
    kind: z.literal('test-pattern'),
    /** smptebars: colour bars; testsrc2: moving pattern with a counter (shows motion and frame drops). */
    pattern: z.enum(['smptebars', 'testsrc2', 'color']).default('smptebars'),
    color: z.string().regex(/^(#|0x)?[0-9a-zA-Z]+$/).default('black'),
  }),
]);
export type VideoSource = z.infer<typeof VideoSourceSchema>;
export type VideoSourceKind = VideoSource['kind'];

/**
 * Crop: how much of the source picture is cut away on each side, as fractions of the source's own
 * width and height (the editor does not know a camera's or a screen's pixel size; fractions survive a
 * resolution change, like the layer's rect). At least 5 % of each dimension is kept.
 */
export const CropSchema = z
  .object({
    left: z.number().min(0).max(0.95).default(0),
    top: z.number().min(0).max(0.95).default(0),
    right: z.number().min(0).max(0.95).default(0),
    bottom: z.number().min(0).max(0.95).default(0),
  })
  .refine((c) => c.left + c.right <= 0.95 && c.top + c.bottom <= 0.95, { message: 'A crop must keep at least 5 % of the picture in each direction.' });
export type Crop = z.infer<typeof CropSchema>;

export const LayerSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(100).default(''),
  source: VideoSourceSchema,
  rect: RectSchema,
  visible: z.boolean().default(true),
  /** Absent (scenes saved before it existed) = no crop. Ignored for text layers. */
  crop: CropSchema.optional(),
  /** 0 (invisible) .. 1 (opaque); absent = 1. */
  opacity: z.number().min(0).max(1).optional(),
});
export type Layer = z.infer<typeof LayerSchema>;

export const AudioSourceSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(100).default(''),
  /**
   * microphone: an input device; desktop: what the computer plays (PulseAudio monitor, Windows
   * loopback device, macOS needs a loopback driver such as BlackHole); tone: a sine wave (tests).
   */
  kind: z.enum(['microphone', 'desktop', 'tone']),
  /** A device id from device listing. Absent: the system default for that kind. */
  device: DeviceRef,
  /** Linear gain: 1 = unchanged, 0 = silent, up to 2 (+6 dB). */
  volume: z.number().min(0).max(2).default(1),
  muted: z.boolean().default(false),
  /**
   * Noise suppression: an 80 Hz high-pass (rumble, desk knocks) and FFT denoising (ffmpeg's afftdn:
   * fans, hiss), the best the bundled ffmpeg 4.1 has (no RNNoise). Switchable live without a cut. Absent = off.
   */
  noiseSuppression: z.boolean().optional(),
  /** Only for kind "tone". */
  frequencyHz: z.number().min(20).max(20000).default(440),
});
export type AudioSource = z.infer<typeof AudioSourceSchema>;

export const SceneSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  layers: z.array(LayerSchema).max(32),
  audio: z.array(AudioSourceSchema).max(8),
});
export type Scene = z.infer<typeof SceneSchema>;

/** All saved scenes. The studio core persists this object as is. */
export const SceneCollectionSchema = z
  .object({
    version: z.literal(1).default(1),
    scenes: z.array(SceneSchema).min(1),
    activeSceneId: z.string().min(1),
  })
  .refine((c) => c.scenes.some((s) => s.id === c.activeSceneId), { message: 'The active scene does not exist.' })
  .refine((c) => new Set(c.scenes.map((s) => s.id)).size === c.scenes.length, { message: 'Scene ids must be unique.' });
export type SceneCollection = z.infer<typeof SceneCollectionSchema>;

/** Picture in picture, bottom-right, a quarter of the width with a small margin (16:9 camera on a 16:9 canvas). */
export const PIP_BOTTOM_RIGHT: Rect = { x: 0.72, y: 0.72, width: 0.25, height: 0.25 };
export const FULL_CANVAS: Rect = { x: 0, y: 0, width: 1, height: 1 };

/** The first scene on a fresh install: primary display + first camera as PiP + default microphone. */
export function defaultScene(names: DefaultNames = DEFAULT_NAMES.en): Scene {
  return SceneSchema.parse({
    id: 'main',
    name: names.sceneMain,
    layers: [
      { id: 'screen', name: names.layerScreen, source: { kind: 'display' }, rect: FULL_CANVAS },
      { id: 'camera', name: names.layerCamera, source: { kind: 'camera' }, rect: PIP_BOTTOM_RIGHT },
    ],
    audio: [{ id: 'mic', name: names.audioMic, kind: 'microphone' }],
  });
}

/** Colour bars + tone: works on every machine without devices (and is what the tests stream). */
export function testPatternScene(id = 'test', name = DEFAULT_NAMES.en.sceneTest, names: DefaultNames = DEFAULT_NAMES.en): Scene {
  return SceneSchema.parse({
    id,
    name,
    layers: [{ id: 'bars', name: names.layerBars, source: { kind: 'test-pattern', pattern: 'smptebars' }, rect: FULL_CANVAS }],
    audio: [{ id: 'tone', name: names.audioTone, kind: 'tone', frequencyHz: 440, volume: 0.5 }],
  });
}

/** The scenes of a fresh install, named in the language the studio starts in. */
export function defaultSceneCollection(names: DefaultNames = DEFAULT_NAMES.en): SceneCollection {
  return SceneCollectionSchema.parse({ scenes: [defaultScene(names), testPatternScene('test', names.sceneTest, names)], activeSceneId: 'main' });
}
