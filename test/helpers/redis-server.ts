import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** REDIS_SERVER, else Debian's redis-server (`apt-get install -y redis-server`; .ci/run installs it), else the one on PATH. */
export const redisServerBinary = process.env.REDIS_SERVER ?? (fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');

export interface TestRedis {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: no shutdown, and with no persistence every key is lost) and starts a fresh one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once the server logs that it accepts connections; rejects with its output if it exits first. */
function launch(port: number, extraArgs: string[]): Promise<ChildProcess> {
  // No persistence: nothing on disk, so a restart loses every key (the harshest case for the queue).
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...extraArgs];
  const proc = spawn(redisServerBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (/Ready to accept connections/.test(out)) resolve(proc);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    // Said where it shows: a server gone mid-test explains every failure after it.
    proc.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') console.error(`redis-server on port ${port} exited by itself (code ${code}, signal ${signal}):\n${out.slice(-2000)}`);
    });
    proc.once('error', (err) => reject(new Error(`cannot start ${redisServerBinary} (${err.message}): apt-get install -y redis-server, or set REDIS_SERVER`)));
    proc.once('exit', (code) => reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${out}`)));
  });
}

function ended(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/** A redis-server of the test's own on a free loopback port, without persistence; stop it after. */
export async function startRedis(extraArgs: string[] = []): Promise<TestRedis> {
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    let proc: ChildProcess;
    try {
      proc = await launch(port, extraArgs);
    } catch (err) {
      // Another process took the port between the probe and the launch: try another.
      if (tries < 5 && /Address already in use/.test(String(err))) continue;
      throw err;
    }
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      async restart() {
        proc.kill('SIGKILL');
        await ended(proc);
        proc = await launch(port, extraArgs);
      },
      async stop() {
        proc.kill('SIGKILL');
        await ended(proc);
      },
    };
  }
}
