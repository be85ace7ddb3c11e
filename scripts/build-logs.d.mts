/** Types for scripts/build-logs.mjs (imported by its unit test). */
export interface BuildLog { code?: string; id?: string; message?: string }
export type LogLevel = 'warn' | 'info' | 'debug';
export function isDependencyAnnotationNoise(log: BuildLog | null | undefined): boolean;
export function onBuildLog(level: LogLevel, log: BuildLog, handler: (level: LogLevel, log: BuildLog) => void): void;
