import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the browser host and CLI keep settings (Electron uses app.getPath('userData') instead). */
export function configDir(env: Record<string, string | undefined> = process.env): string {
  if (env.VOXELSCOPE_CONFIG_DIR) return env.VOXELSCOPE_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'voxelscope');
}
