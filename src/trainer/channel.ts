/**
 * The trainer's line to its host. Node's child_process.fork gives `process.send` + 'message' events;
 * Electron's utilityProcess.fork gives `process.parentPort` (messages arrive as `{ data }`). Both look
 * the same from here on.
 */
export interface ParentChannel {
  send(msg: unknown): void;
  onMessage(listener: (msg: unknown) => void): void;
  /** The host went away: the trainer must exit rather than train as an orphan. */
  onDisconnect(listener: () => void): void;
  /** Resolves once the messages sent so far have left this process (before exiting). */
  flush(): Promise<void>;
}

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

export function connectToParent(proc: NodeJS.Process = process): ParentChannel | null {
  const parentPort = (proc as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) return electronChannel(parentPort);
  if (typeof proc.send === 'function') return nodeChannel(proc);
  return null;
}

function nodeChannel(proc: NodeJS.Process): ParentChannel {
  let pending = 0;
  let drained: (() => void)[] = [];
  const settleOne = () => {
    pending--;
    if (pending === 0) {
      for (const resolve of drained) resolve();
      drained = [];
    }
  };
  return {
    send(msg) {
      // Host gone (the app was killed): end now, not at the next turn of the event loop. An orphan that
      // trained on would write checkpoints the host never hears of and prune the one it will resume from.
      if (!proc.connected) proc.exit(1);
      pending++;
      proc.send!(msg, undefined, {}, settleOne);
    },
    onMessage: (listener) => void proc.on('message', listener),
    onDisconnect: (listener) => void proc.on('disconnect', listener),
    flush: () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => drained.push(resolve))),
  };
}

function electronChannel(port: ElectronParentPort): ParentChannel {
  return {
    send: (msg) => port.postMessage(msg),
    onMessage: (listener) => port.on('message', (e) => listener(e.data)),
    // Electron ends utility processes together with their parent; there is no disconnect to watch.
    onDisconnect: () => undefined,
    // postMessage hands the message to Chromium's IPC at once; one turn of the loop lets it go out.
    flush: () => new Promise((resolve) => setTimeout(resolve, 50)),
  };
}
