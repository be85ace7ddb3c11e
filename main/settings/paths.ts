/**
 * Where the studio keeps its data when nobody says otherwise: the same folder Electron calls
 * userData for productName "Danmu Studio", so desktop and browser mode share settings and stream keys.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Danmu Studio';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DANMU_DATA_DIR) return path.resolve(env.DANMU_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), PRODUCT_NAME);
}
