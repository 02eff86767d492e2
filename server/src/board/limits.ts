import { MAX_FRAME_BYTES } from '../../../shared/src/crypto/frame.ts';

/** What one room's encrypted board relay holds and takes [BD4, RC5]. */
export interface BoardLimits {
  /** Largest frame of any kind; Socket.IO's maxHttpBufferSize (64 KiB) is the same. */
  maxFrameBytes: number;
  /** Largest awareness frame: a presence state is small. */
  maxAwarenessBytes: number;
  /** Board subscriptions one member may hold; one more closes the oldest (4408). */
  subscriptionsPerMember: number;
  /** Frame streams (device connections) remembered per member; a new one beyond forgets the oldest. */
  streamsPerMember: number;
  /** Updates one member may send: a burst, then a rate; beyond it 4429 (snapshot parts are bounded by their count). */
  updateBurst: number;
  updatesPerSecond: number;
  /** And their bytes. */
  updateBytesBurst: number;
  updateBytesPerSecond: number;
  /** Awareness frames one member may send, and the whole room: beyond either they are dropped. */
  awarenessMemberBurst: number;
  awarenessMemberPerSecond: number;
  awarenessRoomBurst: number;
  awarenessRoomPerSecond: number;
  /** Awareness goes out at most once per this interval, the latest frame per stream [BD3]. */
  awarenessFlushMs: number;
  /** Frames of any kind one socket may send: a ceiling far above a device's, so a flood costs little. */
  socketFrameBurst: number;
  socketFramesPerSecond: number;
  /** A tail past either asks writers for a snapshot. */
  tailSnapshotFrames: number;
  tailSnapshotBytes: number;
  /** A tail at either refuses further updates (4413) until a snapshot arrives. */
  tailMaxFrames: number;
  tailMaxBytes: number;
  /** Parts one snapshot may have, its final part included. */
  snapshotMaxParts: number;
  /** Board opens one socket may ask for (each answered with the snapshot and tail): a burst, then a rate. */
  openBurst: number;
  opensPerSecond: number;
}

export const defaultBoardLimits: BoardLimits = {
  maxFrameBytes: MAX_FRAME_BYTES,
  maxAwarenessBytes: 4 * 1024,
  subscriptionsPerMember: 4,
  streamsPerMember: 8,
  updateBurst: 60,
  updatesPerSecond: 30,
  updateBytesBurst: 512 * 1024,
  updateBytesPerSecond: 128 * 1024,
  awarenessMemberBurst: 10,
  awarenessMemberPerSecond: 5,
  awarenessRoomBurst: 60,
  awarenessRoomPerSecond: 30,
  awarenessFlushMs: 75,
  socketFrameBurst: 120,
  socketFramesPerSecond: 60,
  // A late device rebuilds from the snapshot and the frames after it, checking each: 16 keep a
  // phone's rebuild near 45 ms at 4x throttling (bench/lateBoard.ts); 64 took 75 ms.
  tailSnapshotFrames: 16,
  tailSnapshotBytes: 32 * 1024,
  tailMaxFrames: 1_024,
  tailMaxBytes: 2 * 1024 * 1024,
  snapshotMaxParts: 16,
  openBurst: 4,
  opensPerSecond: 0.5,
};
