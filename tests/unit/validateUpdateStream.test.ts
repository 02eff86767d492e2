import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  commitmentStatuses,
  readEntries,
  replaceText,
  rowText,
  setStatus,
  textFields,
} from '../../shared/src/board/model.ts';
import { validateUpdate } from '../../shared/src/board/validateUpdate.ts';
import { copyOf } from '../helpers/boardAttacks.ts';
import { serverBoard } from '../helpers/boardDocs.ts';

const rows = ['fac', 'ana', 'ben'] as const;
/** Each device keeps its own view of a field under this, so two devices never pass BOARD_TEXT_MAX together. */
const LOCAL_MAX = 500;

const writer = fc.constantFrom(0, 1);
const member = fc.constantFrom(...rows);
const field = fc.constantFrom(...textFields);
const op = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    writer,
    member,
    field,
    text: fc.string({ maxLength: LOCAL_MAX }),
  }),
  fc.record({ kind: fc.constant('status' as const), writer, member, status: fc.constantFrom(...commitmentStatuses) }),
  fc.record({
    kind: fc.constant('edit' as const),
    writer,
    member,
    field,
    at: fc.nat(),
    remove: fc.nat(30),
    insert: fc.string({ maxLength: 60 }),
  }),
  fc.record({ kind: fc.constant('deliver' as const), writer, count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('receive' as const), writer }),
  fc.record({ kind: fc.constant('reconnect' as const), writer, stale: fc.boolean() }),
);

interface Device {
  doc: Y.Doc;
  /** What it sent and the server has not handled yet, in order. */
  outbox: Uint8Array[];
  /** What the server relayed and it has not applied yet. */
  inbox: Uint8Array[];
  /** The server's state vector when this device last heard from it. */
  seen: Uint8Array;
}

const REMOTE = 'remote';

describe('validateUpdate on a stream of legitimate edits', () => {
  it('[BD7] accepts every update the model functions make, in any order and size; the board equals one built without it', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const server = serverBoard(rows);
        const direct = copyOf(server);
        const devices: Device[] = [0, 1].map(() => {
          const doc = copyOf(server);
          const device: Device = { doc, outbox: [], inbox: [], seen: Y.encodeStateVector(server) };
          doc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== REMOTE) device.outbox.push(update);
          });
          return device;
        });
        const deliver = (from: number) => {
          const update = devices[from]!.outbox.shift();
          if (!update) return;
          expect(validateUpdate(server, update)).toMatchObject({ ok: true });
          Y.applyUpdate(server, update);
          Y.applyUpdate(direct, update);
          devices[1 - from]!.inbox.push(update);
        };
        for (const step of ops) {
          const device = devices[step.writer]!;
          const { doc } = device;
          switch (step.kind) {
            case 'replace':
              replaceText(doc, step.member, step.field, step.text);
              break;
            case 'status':
              setStatus(doc, step.member, step.status);
              break;
            case 'edit': {
              // The text binding: the smallest delete + insert, in one transaction.
              const text = rowText(doc, step.member, step.field)!;
              const at = step.at % (text.length + 1);
              const remove = Math.min(step.remove, text.length - at);
              const insert = step.insert.slice(0, Math.max(0, LOCAL_MAX - (text.length - remove)));
              doc.transact(() => {
                if (remove > 0) text.delete(at, remove);
                if (insert.length > 0) text.insert(at, insert);
              });
              break;
            }
            case 'deliver':
              for (let i = 0; i < step.count; i++) deliver(step.writer);
              break;
            case 'receive':
              for (const update of device.inbox.splice(0)) Y.applyUpdate(doc, update, REMOTE);
              device.seen = Y.encodeStateVector(server);
              break;
            case 'reconnect':
              // Sync step 2: everything the server lacks by the state vector it sent, old or current.
              device.outbox.push(Y.encodeStateAsUpdate(doc, step.stale ? device.seen : Y.encodeStateVector(server)));
              break;
          }
        }
        for (const from of [0, 1]) while (devices[from]!.outbox.length > 0) deliver(from);
        expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(direct));
        expect(readEntries(server)).toEqual(readEntries(direct));
        for (const device of devices) {
          for (const update of device.inbox.splice(0)) Y.applyUpdate(device.doc, update, REMOTE);
          expect(readEntries(device.doc)).toEqual(readEntries(server));
        }
      }),
      { numRuns: 200 },
    );
  });
});
