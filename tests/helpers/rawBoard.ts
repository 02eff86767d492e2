import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { BOARD_PATH, BOARD_PROTOCOL } from '../../shared/src/protocol/boardEndpoint.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_UPDATE = 2;

/** A board connection that sends whatever bytes a test gives it: a hostile device, or a probe. */
export interface RawBoard {
  /** Sends one y-websocket sync "update" message carrying these update bytes. */
  sendUpdate(update: Uint8Array): void;
  /**
   * Asks the server for everyone's awareness and resolves with the milliseconds until it answers.
   * The server handles one connection's messages in order, so this also waits for all sent before.
   */
  roundTrip(): Promise<number>;
  /** The close code the server sent. */
  closed: Promise<number>;
  close(): void;
}

/** Opens a raw board socket as the member with `secret` and waits for the server's first message. */
export async function rawBoard(serverUrl: string, roomId: string, secret: string): Promise<RawBoard> {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}${BOARD_PATH}/${roomId}`, [BOARD_PROTOCOL, secret]);
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
  return {
    sendUpdate(update) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, SYNC_UPDATE);
      encoding.writeVarUint8Array(e, update);
      ws.send(encoding.toUint8Array(e));
    },
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
