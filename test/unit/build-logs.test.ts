/**
 * `npm start` on a fresh clone printed two multi-line Rollup warnings about zod's annotation comments,
 * read as errors. The page build hides exactly that kind from node_modules; other warnings stay.
 * (test/integration/relay-fresh-clone.test.ts checks a real build's output has none.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDependencyAnnotationNoise, onBuildLog, type BuildLog } from '../../scripts/build-logs.mjs';

const zod = { code: 'INVALID_ANNOTATION', id: '/work/main/node_modules/zod/v4/core/util.js', message: 'A comment ... contains an annotation that Rollup cannot interpret' };

test('only a dependency\'s misplaced annotation comment is hidden; ours and other warnings print', () => {
  assert.equal(isDependencyAnnotationNoise(zod), true);
  assert.equal(isDependencyAnnotationNoise({ ...zod, id: 'C:\\app\\node_modules\\zod\\v4\\core\\regexes.js' }), true);
  assert.equal(isDependencyAnnotationNoise({ ...zod, id: '/work/main/renderer/studio/App.tsx' }), false, 'our own code keeps the warning');
  assert.equal(isDependencyAnnotationNoise({ code: 'CIRCULAR_DEPENDENCY', id: '/x/node_modules/y/index.js' }), false);
  assert.equal(isDependencyAnnotationNoise({ code: 'INVALID_ANNOTATION' }), false);
  assert.equal(isDependencyAnnotationNoise(null), false);

  const passed: BuildLog[] = [];
  const handler = (_level: string, log: BuildLog) => { passed.push(log); };
  const other = { code: 'EVAL', id: '/x/node_modules/y/index.js', message: 'Use of eval' };
  onBuildLog('warn', zod, handler);
  onBuildLog('warn', other, handler);
  onBuildLog('info', zod, handler);
  assert.deepEqual(passed, [other, zod]);
});
