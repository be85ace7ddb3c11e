/**
 * The names a fresh install gives its room, scenes and sources, in the language the studio starts in
 * (the core creates them before any UI exists, so they live here rather than in the UI catalogs).
 * A scene or source name still equal to one language's default follows a later language switch (relabelDefaults in
 * main/studio/default-labels.ts); a name the streamer chose, and the public room title, never do.
 */
export type NameLang = 'en' | 'zh-CN';

export interface DefaultNames {
  roomTitle: string;
  sceneMain: string;
  sceneTest: string;
  layerScreen: string;
  layerCamera: string;
  layerBars: string;
  audioMic: string;
  audioTone: string;
}

export const DEFAULT_NAMES: Record<NameLang, DefaultNames> = {
  en: {
    roomTitle: 'My live room',
    sceneMain: 'Main',
    sceneTest: 'Test pattern',
    layerScreen: 'Screen',
    layerCamera: 'Camera',
    layerBars: 'Colour bars',
    audioMic: 'Microphone',
    audioTone: 'Tone',
  },
  'zh-CN': {
    roomTitle: '我的直播间',
    sceneMain: '主场景',
    sceneTest: '测试图案',
    layerScreen: '屏幕',
    layerCamera: '摄像头',
    layerBars: '彩条',
    audioMic: '麦克风',
    audioTone: '测试音',
  },
};
