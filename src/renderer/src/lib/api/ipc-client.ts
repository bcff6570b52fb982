import type { HpsBridge } from '../../../../preload/api';
import { unwrapResult, type ApiClient, type StagedFile } from './client';

/** `/home/u/imgs/cat/1.png` with relative path `imgs/cat/1.png` → `/home/u/imgs` (the dropped folder). */
function topLevelPath(fullPath: string, relativePath: string): string {
  const depth = relativePath.split('/').length - 1;
  let p = fullPath;
  for (let i = 0; i < depth; i++) p = p.replace(/[\\/][^\\/]*$/, '');
  return p;
}

/** ApiClient over the Electron preload bridge (`window.hps`). Dropped files never travel: main reads them in place. */
export function createIpcClient(bridge: HpsBridge): ApiClient {
  const stageFiles = async (files: StagedFile[]): Promise<string[]> => {
    const paths = files.map(({ file, relativePath }) => topLevelPath(bridge.pathForFile(file), relativePath)).filter((p) => p !== '');
    return [...new Set(paths)];
  };
  return {
    transport: 'ipc',
    call: async (method, ...args) => unwrapResult(method, await bridge.invoke(method, ...args)),
    on: (event, listener) => bridge.on(event, listener),
    // Top-level Files of a drop, folders included, have paths on disk: nothing to walk.
    stageDrop: (dataTransfer) => stageFiles([...dataTransfer.files].map((file) => ({ file, relativePath: file.name }))),
    stageFiles,
    showInFolder: async (path) => {
      const result = await bridge.showInFolder(path);
      if (!result.ok) throw new Error(result.error.message);
    },
  };
}
