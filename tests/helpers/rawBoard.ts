import * as encoding from 'lib0/encoding';
import { rawBoardSocket } from './board.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** An update with nothing in it: what a device with nothing new answers the server's sync step 1 with. */
const EMPTY_UPDATE = Uint8Array.of(0, 0);

function syncMessage(step: number, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A board connection that sends whatever bytes a test gives it: a hostile device, or a probe. */
export interface RawBoard {
  /** Sends one y-websocket sync "update" message carrying these update bytes. */
  sendUpdate(update: Uint8Array): void;
  /** Sends a sync step 2 carrying these update bytes. */
  sendStep2(update: Uint8Array): void;
  /**
   * Asks the server for everyone's awareness and resolves with the milliseconds until it answers.
   * The server handles one connection's messages in order, so this also waits for all sent before.
   */
  roundTrip(): Promise<number>;
  /** The close code the server sent. */
  closed: Promise<number>;
  close(): void;
}

/**
 * Opens a raw board socket as the member with `secret` and waits for the server's first message
 * (its sync step 1). Like the stock provider, it answers with a sync step 2, here an empty one,
 * unless `handshake` is false.
 */
export async function rawBoard(serverUrl: string, roomId: string, secret: string, handshake = true): Promise<RawBoard> {
  const ws = rawBoardSocket(serverUrl, roomId, secret);
  const waiting: { answered: () => void; failed: (error: Error) => void }[] = [];
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (code) => {
      for (const w of waiting.splice(0)) w.failed(new Error(`closed with ${code}`));
      resolve(code);
    }),
  );
  ws.on('message', (data: Buffer) => {
    if (data[0] === MESSAGE_AWARENESS) waiting.shift()?.answered();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed with ${code} before the first message`)));
  });
  if (handshake) ws.send(syncMessage(SYNC_STEP_2, EMPTY_UPDATE));
  return {
    sendUpdate: (update) => ws.send(syncMessage(SYNC_UPDATE, update)),
    sendStep2: (update) => ws.send(syncMessage(SYNC_STEP_2, update)),
    roundTrip() {
      const started = performance.now();
      return new Promise<number>((resolve, reject) => {
        if (ws.readyState !== ws.OPEN) return reject(new Error('socket closed'));
        waiting.push({ answered: () => resolve(performance.now() - started), failed: reject });
        ws.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
      });
    },
    closed,
    close: () => ws.close(),
  };
}
