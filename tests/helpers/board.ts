import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BOARD_NAME, BOARD_PATH, boardProtocols } from '../../shared/src/protocol/boardEndpoint.ts';

export interface BoardClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves with the close code once the server closes this connection. */
  closed: Promise<number>;
  destroy(): void;
}

/** The stock y-websocket provider, unmodified, as a member's device runs it. */
export function boardClient(serverUrl: string, roomId: string, secret: string | undefined): BoardClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}${BOARD_PATH}`, BOARD_NAME, doc, {
    protocols: boardProtocols(roomId, secret),
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closed = new Promise<number>((resolve) => {
    provider.on('connection-close', (event) => {
      if (event) resolve(event.code);
    });
  });
  return {
    doc,
    provider,
    closed,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when `test` holds for the document, re-checked after every update. */
export function untilDoc(doc: Y.Doc, test: () => boolean, what = 'document condition', ms = 5_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    doc.on('update', check);
  });
}

export function untilSynced(client: BoardClient, ms = 5_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not synced')), ms);
    client.provider.once('sync', (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Resolves once the server has handled everything `from` sent so far: `from` publishes a new
 * awareness probe after its earlier messages, and `observer` sees the probe come back.
 */
let probes = 0;
export function barrier(from: BoardClient, observer: BoardClient, ms = 5_000): Promise<void> {
  const probe = ++probes;
  const seen = () => [...observer.provider.awareness.getStates().values()].some((s) => s.probe === probe);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('barrier timed out')), ms);
    const check = () => {
      if (!seen()) return;
      clearTimeout(timer);
      observer.provider.awareness.off('change', check);
      resolve();
    };
    observer.provider.awareness.on('change', check);
    from.provider.awareness.setLocalStateField('probe', probe);
  });
}

/** A raw WebSocket to the board endpoint, as a member's device would open it, for hostile bytes. */
export function rawBoardSocket(
  serverUrl: string,
  roomId: string,
  secret: string | undefined,
  headers: Record<string, string> = {},
): WebSocket {
  const url = `${serverUrl.replace(/^http/, 'ws')}${BOARD_PATH}/${BOARD_NAME}`;
  return new WebSocket(url, boardProtocols(roomId, secret), { headers });
}
