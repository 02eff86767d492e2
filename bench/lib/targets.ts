/** What a benchmark runs a workload against: Holdspace (this tree or another), or a bare relay. */
export type TargetKind = 'holdspace' | 'socketio' | 'ws';

export interface Target {
  kind: TargetKind;
  /** Shown in the report: "Holdspace", "Holdspace before", "bare Socket.IO", "plain ws". */
  label: string;
  /** For Holdspace: the source tree whose server and built client run. */
  dir?: string;
  /** Profiling: the server writes a V8 CPU profile here when it exits. */
  cpuProfileDir?: string;
}

export const bareSocketIo: Target = { kind: 'socketio', label: 'bare Socket.IO' };
export const plainWs: Target = { kind: 'ws', label: 'plain ws' };
