/**
 * Rollup log filtering for the page build (vite.config.mjs). Some dependencies (zod 4) carry
 * `@__PURE__` comments in places Rollup cannot use; it drops them and prints a multi-line warning a
 * newcomer reads as an error on every `npm start` of a fresh clone. Only that kind, and only from
 * node_modules, is hidden: the same warning in our code and every other warning stay visible.
 */

/** True for a log that is a dependency's misplaced annotation comment (nothing for us to act on). */
export function isDependencyAnnotationNoise(log) {
  const id = typeof log?.id === 'string' ? log.id : '';
  return log?.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]/.test(id);
}

/** Rollup `onLog`: passes everything on except dependency annotation noise. */
export function onBuildLog(level, log, handler) {
  if (level === 'warn' && isDependencyAnnotationNoise(log)) return;
  handler(level, log);
}
