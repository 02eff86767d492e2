import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm run dev`: the server with reload on change (tsx watch) and Vite's dev server with hot
 * reload, which proxies /api and /socket.io (the board travels on it too) to it. Open
 * http://localhost:5173.
 */
const children: ChildProcess[] = [
  spawn('npx', ['tsx', 'watch', 'server/src/main.ts'], { stdio: 'inherit' }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
for (const child of children)
  child.once('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
