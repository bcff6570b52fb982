import { beforeAll, describe, expect, it } from 'vitest';
import { ipcChannel } from '../../../../src/shared/contract';
import { shell } from './electron-stand-in';

interface Bridge {
  invoke(method: unknown, input?: unknown): Promise<unknown>;
  on(event: unknown, listener: unknown): () => void;
  pathForFile(file: unknown): string;
}

describe('preload bridge', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    shell.reset();
    await import('../../../../src/preload/index');
    bridge = shell.exposed.get('hps') as Bridge;
  });

  it('exposes exactly invoke, on and pathForFile as window.hps', () => {
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it('sends contract methods on their channel and answers unknown ones itself', async () => {
    expect(await bridge.invoke('runs.list', { studyId: 1 })).toEqual({ ok: true, value: 'answered' });
    expect(shell.ipcRenderer.invoked).toEqual([[ipcChannel.invoke('runs.list'), { studyId: 1 }]]);
    expect(await bridge.invoke('fs.readFile', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(shell.ipcRenderer.invoked).toHaveLength(1);
  });

  it('delivers event payloads without the IPC event (it carries the sender) and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = bridge.on('epoch', (...args: unknown[]) => got.push(args));
    shell.ipcRenderer.emit(ipcChannel.event('epoch'), { sender: 'secret' }, { runId: 1 });
    expect(got).toEqual([[{ runId: 1 }]]);
    off();
    shell.ipcRenderer.emit(ipcChannel.event('epoch'), {}, { runId: 2 });
    expect(got).toHaveLength(1);
    expect(() => bridge.on('anything', () => undefined)).toThrow(/unknown API event/);
    expect(() => bridge.on('epoch', 'not a function')).toThrow(/expected a function/);
  });

  it('gives the path of a dropped File and refuses anything else', () => {
    expect(bridge.pathForFile(new File(['x'], 'data.csv'))).toBe('/dropped/data.csv');
    expect(() => bridge.pathForFile('/etc/passwd')).toThrow(/expected a File/);
  });
});
