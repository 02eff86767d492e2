/** What a benchmark runs a workload against: Holdspace (this tree or another), or a bare relay. */
export type TargetKind = 'holdspace' | 'socketio' | 'ws';

export interface Target {
  kind: TargetKind;
  /**
   * Shown in the report: "Holdspace", "Holdspace before", "Holdspace sealed", "Holdspace behind
   * HAProxy", "Holdspace ×2 behind HAProxy", "bare Socket.IO", "plain ws".
   */
  label: string;
  /** What `--targets` calls it: holdspace, before, sealed, haproxy, haproxy2, socketio, ws. */
  key: string;
  /** For Holdspace: the source tree whose server and built client run. */
  dir?: string;
  /** Profiling: the server writes a V8 CPU profile here when it exits (a process started directly). */
  cpuProfileDir?: string;
  /**
   * Holdspace as a cluster runs it (HOLDSPACE_SEAL_KEYS): a new room lives on no process until
   * its creator's device brings its sealed first state, and every command's event carries a seal.
   */
  sealed?: boolean;
  /**
   * Holdspace as `npm run cluster` runs it: this many processes (sealed, sharing their keys) behind
   * HAProxy filled from deploy/haproxy.cfg (tests/helpers/cluster.ts), every device connecting
   * through the proxy with its room's routing key. Only the fan-out and capacity suites run these.
   */
  proxiedNodes?: number;
}

export const bareSocketIo: Target = { kind: 'socketio', label: 'bare Socket.IO', key: 'socketio' };
export const plainWs: Target = { kind: 'ws', label: 'plain ws', key: 'ws' };

/** This tree's Holdspace, one process, sealed: what a process behind the proxy is, without the proxy. */
export const holdspaceSealed = (dir: string): Target => ({
  kind: 'holdspace',
  label: 'Holdspace sealed',
  key: 'sealed',
  dir,
  sealed: true,
});

/** This tree's Holdspace: `nodes` processes behind HAProxy. */
export const holdspaceBehindProxy = (dir: string, nodes: number): Target => ({
  kind: 'holdspace',
  label: nodes === 1 ? 'Holdspace behind HAProxy' : `Holdspace ×${nodes} behind HAProxy`,
  key: nodes === 1 ? 'haproxy' : `haproxy${nodes}`,
  dir,
  sealed: true,
  proxiedNodes: nodes,
});

/** Suites that run the deployment targets (sealed, behind the proxy); the others run the rest. */
export const deploymentSuites = new Set(['fanout', 'capacity']);

/** A target only the deployment suites run. */
export const isDeployment = (target: Target) => target.sealed === true || target.proxiedNodes !== undefined;
