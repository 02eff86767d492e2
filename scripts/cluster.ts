/**
 * `npm run cluster`: N Holdspace nodes on this machine behind HAProxy (deploy/haproxy.cfg), every
 * room on one node, and a room whose node dies resuming on another.
 *
 *   node --import tsx scripts/cluster.ts [--nodes N] [--port P]
 *
 * N defaults to the machine's cores, P to PORT or 3000 (HAProxy listens there, on HOST or every
 * address; the nodes on free loopback ports). The nodes share HOLDSPACE_SEAL_KEYS: from the
 * environment, or new random keys held in memory only, so rooms outlive a node but not this
 * command. Every other HOLDSPACE_* variable reaches every node. Builds nothing: `npm run cluster`
 * runs `vite build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type Cluster, haproxyBinary, newSealKeys, startCluster } from '../tests/helpers/cluster.ts';

const { values } = parseArgs({ options: { nodes: { type: 'string' }, port: { type: 'string' } } });
const nodes = positiveInt(values.nodes, availableParallelism(), '--nodes');
const port = positiveInt(values.port ?? process.env.PORT, 3000, '--port');
const host = process.env.HOST ?? '0.0.0.0';

if (!existsSync(new URL('../client/dist/index.html', import.meta.url))) {
  console.warn('client/dist is not built: the nodes will serve no pages. `npm run cluster` builds it first.');
}
ensureHaproxy();

let cluster: Cluster;
try {
  cluster = await startCluster({
    nodes,
    port,
    host,
    baseEnv: process.env,
    sealKeys: process.env.HOLDSPACE_SEAL_KEYS || newSealKeys(),
    echo: true,
  });
} catch (error) {
  console.error(`The cluster did not start: ${(error as Error).message}`);
  process.exit(1);
}

const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
console.log(`Holdspace is running on ${nodes} nodes behind HAProxy. Open http://${shown}:${port} in a browser.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      // A second Ctrl-C: a draining node may otherwise wait out its drain time.
      void cluster.stop(0, 'SIGKILL');
      return;
    }
    stopping = true;
    console.log(`Stopping (${signal} to HAProxy and every node; again to stop at once).`);
    void cluster.stop(0, signal).then(() => process.exit(0));
  });
}

cluster.proxy.process.once('exit', (code, signal) => {
  if (stopping) return;
  stopping = true;
  console.error(`HAProxy exited (${signal ?? `code ${code}`}); stopping the nodes.`);
  void cluster.stop().then(() => process.exit(1));
});
for (const node of cluster.nodes) {
  node.process.once('exit', (code, signal) => {
    if (!stopping) console.error(`${node.name} exited (${signal ?? `code ${code}`}); its rooms resume on the others.`);
  });
}

/** Installs Debian's haproxy where this may (root, apt-get); otherwise says how, and exits. */
function ensureHaproxy(): void {
  if (haproxyBinary()) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.error(
      'HAProxy (2.6 or later) is not installed. On Debian or Ubuntu: sudo apt-get install -y haproxy; ' +
        'elsewhere, your package manager\'s "haproxy". Then run npm run cluster again.',
    );
    process.exit(1);
  }
  console.log('HAProxy is not installed: apt-get install -y haproxy');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', 'haproxy'], { stdio: 'inherit', env }).status === 0;
  // A fresh machine may have no package lists yet.
  if (!install() && !(spawnSync('apt-get', ['update'], { stdio: 'inherit', env }).status === 0 && install())) {
    console.error('apt-get could not install haproxy.');
    process.exit(1);
  }
  if (!haproxyBinary()) {
    console.error('apt-get installed haproxy, but neither "haproxy -v" nor "/usr/sbin/haproxy -v" runs.');
    process.exit(1);
  }
}

function positiveInt(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${what} takes a positive whole number, not "${text}".`);
    process.exit(1);
  }
  return value;
}
