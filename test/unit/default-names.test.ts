import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NAMES } from '../../common/default-names';
import { defaultSceneCollection } from '../../common/scene';
import { defaultSettings } from '../../main/settings/store';
import { relabel, relabelScenes } from '../../main/studio/default-labels';

test('a fresh install in Chinese names its room, scenes and sources in Chinese', () => {
  assert.equal(defaultSettings('zh-CN').room.title, '我的直播间');
  assert.equal(defaultSettings('en').room.title, 'My live room');
  const c = defaultSceneCollection(DEFAULT_NAMES['zh-CN']);
  assert.deepEqual(c.scenes.map((s) => s.name), ['主场景', '测试图案']);
  assert.deepEqual(c.scenes[0]!.layers.map((l) => l.name), ['屏幕', '摄像头']);
  assert.deepEqual(c.scenes[0]!.audio.map((a) => a.name), ['麦克风']);
  for (const [key, zh] of Object.entries(DEFAULT_NAMES['zh-CN'])) assert.match(zh, /[\u4e00-\u9fff]/, `${key} is Chinese`);
});

test('default scene and source names follow a language switch; names the streamer chose and the public room title do not', () => {
  assert.equal(relabel('Main', 'zh-CN'), '主场景');
  // Viewers see the room title and a rename posts a system line to all of them: the UI language must not change it.
  assert.equal(relabel('我的直播间', 'en'), '我的直播间');
  assert.equal(relabel('My live room', 'zh-CN'), 'My live room');
  assert.equal(relabel('Friday night games', 'zh-CN'), 'Friday night games');
  const en = defaultSceneCollection();
  en.scenes[1]!.name = 'My bars';
  const zh = relabelScenes(en, 'zh-CN');
  assert.deepEqual(zh.scenes.map((s) => s.name), ['主场景', 'My bars']);
  assert.equal(zh.scenes[1]!.layers[0]!.name, '彩条');
  assert.deepEqual(relabelScenes(zh, 'en').scenes[0], defaultSceneCollection().scenes[0]);
});
