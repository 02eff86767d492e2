import type { Socket } from 'node:net';
import { type BoardEntry, readEntries, replaceText, setStatus } from '../../shared/src/board/model.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import type { CreateRoomResponse } from '../../shared/src/protocol/rest.ts';
import { openPollPrompt, sealPollPrompt } from '../../shared/src/answers/pollPrompt.ts';
import { openQuestion } from '../../shared/src/room/questions.ts';
import { currentSpeakerId } from '../../shared/src/room/state.ts';
import { pageAnswer } from './answering.ts';
import { openBoard, untilDoc } from './board.ts';
import type { BoardDevice } from './boardDevice.ts';
import type { Canaries } from './canaries.ts';
import { TestMember } from './member.ts';
import { converge } from './room.ts';

/** A whole session, live: everyone still in the room, one member's connection no longer reading. */
export interface LiveSession {
  roomId: string;
  /** The board as the facilitator's device has it now: the members' devices hold its words. */
  deviceBoard(): Map<string, BoardEntry>;
  /** Sealed answers of a poll round still open (half the room answered): the server holds them unread. */
  heldAnswers: string[];
  /** The poll's words as the members' devices open them. */
  devicePollWords(): Promise<string | null>;
  /** Every member secret the server made. */
  secrets: string[];
  /** The refusal codes the bad input met, so a test can check it reached the server. */
  refusals: { tooLongName: string; oversizedName: string; unknownField: string; boardGarbage: number };
  /**
   * The facilitator ends the room; resolves once every device has heard `room:ended` and been
   * disconnected, and every reading board has been closed with 4410. The stalled device hears none of it.
   */
  end(): Promise<void>;
  /** Closes whatever the test still holds, the stalled board included. */
  close(): void;
}

async function createRoom(url: string, purpose: string, c: Canaries): Promise<CreateRoomResponse> {
  const resources = [{ name: `Our line, ${c.resourceName}`, contact: `https://${c.resourceContact}.example.org/help` }];
  const response = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ templateId: 'biweekly-60', purpose, tokensPerMember: 3, meeting: 'first', resources }),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
  return (await response.json()) as CreateRoomResponse;
}

/** A member's connection that stops reading, as a phone whose page froze: the server's writes pile up unread. */
function stopReading(member: TestMember): void {
  const engine = member.socket.io.engine as unknown as { transport: { ws?: { _socket: Socket } } };
  const socket = engine.transport.ws?._socket;
  if (!socket) throw new Error('not connected over a WebSocket');
  socket.pause();
}

const knockOf = (facilitator: TestMember, name: string) => facilitator.knocks.find((k) => k.name === name);

/** Someone knocks under `name` and the facilitator lets them in [RM6]. */
async function admitted(facilitator: TestMember, url: string, roomId: string, name: string): Promise<TestMember> {
  const newcomer = await TestMember.knock(url, roomId, name);
  await facilitator.until(() => knockOf(facilitator, name) !== undefined, `${name}'s knock`);
  await facilitator.do({ type: 'knock:admit', knockId: knockOf(facilitator, name)?.id ?? '' });
  await newcomer.until(() => newcomer.state !== null, 'admitted');
  return newcomer;
}

/**
 * Sends `bytes` to the board as a frame from another tab of `secret`'s member, and resolves with
 * the code its subscription was closed with.
 */
async function sendToBoard(url: string, roomId: string, secret: string, bytes: Uint8Array): Promise<number> {
  const tab = await TestMember.connect(url, roomId, secret);
  try {
    const opened = await tab.socket.emitWithAck('board:open', {});
    if (!opened.ok) throw new Error(`board:open refused: ${opened.code}`);
    const closed = new Promise<number>((resolve) => tab.socket.once('board:closed', ({ code }) => resolve(code)));
    tab.socket.emit('board:frame', bytes);
    return await closed;
  } finally {
    tab.close();
  }
}

/** Bytes that look like a board frame's start and are garbage around `text`. */
function garbageFrame(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([1, 0, 0xff, 0xff, 0xff, 0x7f]), Buffer.from(text)]));
}

async function disconnected(member: TestMember): Promise<void> {
  if (member.socket.disconnected) return;
  await new Promise<void>((resolve) => member.socket.once('disconnect', () => resolve()));
}

/**
 * Runs a Bi-weekly 60 session against the server at `url` with real clients, every person's input a
 * canary: the round, a hot seat with its questions, an open floor with hands and turns, timer
 * controls, the scribe writing the board, and bad input of every kind. Leaves the room live.
 */
export async function runWholeSession(url: string, c: Canaries): Promise<LiveSession> {
  const created = await createRoom(url, `We meet to ${c.purpose}`, c);
  const { roomId } = created;
  const facilitator = await TestMember.join(url, roomId, c.facilitatorName, created.secret);
  // Everyone else knocks and is let in; one knock is declined.
  const scribe = await admitted(facilitator, url, roomId, c.scribeName);
  const member = await admitted(facilitator, url, roomId, c.memberName);
  const reader = await admitted(facilitator, url, roomId, c.stalledReaderName);
  const turnedAway = await TestMember.knock(url, roomId, c.declinedName);
  await facilitator.until(() => knockOf(facilitator, c.declinedName) !== undefined, 'the knock');
  await facilitator.do({ type: 'knock:decline', knockId: knockOf(facilitator, c.declinedName)?.id ?? '' });
  await turnedAway.until(() => turnedAway.declined !== null, 'declined');
  turnedAway.close();
  const everyone = [facilitator, scribe, member, reader];
  const boards: BoardDevice[] = [];
  const strangers: TestMember[] = [];
  const close = () => {
    for (const b of boards) b.destroy();
    for (const m of [...everyone, ...strangers]) m.close();
  };

  try {
    boards.push(...(await Promise.all([facilitator, scribe, reader].map((m) => openBoard(m)))));
    const [facilitatorBoard, scribeBoard, readerBoard] = boards as [BoardDevice, BoardDevice, BoardDevice];
    const byId = new Map(everyone.map((m) => [m.id, m]));
    const act = async (who: TestMember, command: Parameters<TestMember['do']>[0]) => {
      await who.do(command);
      await converge(who, everyone);
    };

    // The group's own words for the first phase, set in the lobby [GD1].
    const [first, ...rest] = facilitator.state!.agenda;
    const worded = { ...first!, say: `Welcome, ${c.agendaSay}`, prompt: `Arrive, ${c.agendaPrompt}` };
    await act(facilitator, { type: 'agenda:set', agenda: [worded, ...rest] });

    // A round: everyone speaks once; the first passes.
    await act(facilitator, { type: 'session:start' });
    for (let turn = 0; currentSpeakerId(facilitator.state!) !== null; turn++) {
      const speaker = byId.get(currentSpeakerId(facilitator.state!)!)!;
      await act(speaker, { type: turn === 0 ? 'turn:pass' : 'turn:end' });
    }

    // The guide's card, the safety path, and a private signal to the facilitator [GD2, SF1, PS1].
    await act(facilitator, { type: 'card:show', card: 'no-minimizing' });
    await act(facilitator, { type: 'support:pause' });
    await act(facilitator, { type: 'support:resume' });
    await member.send({ type: 'signal:set', signal: 'talkAfter', on: true });
    await facilitator.until(() => (facilitator.private?.signals.length ?? 0) > 0, 'the signal');

    // A hot seat: a question from the queue, then "ideas, or just space?".
    await act(facilitator, { type: 'phase:next' });
    await act(facilitator, { type: 'hotseat:pick', memberId: member.id });
    await act(facilitator, { type: 'hotseat:nextStep' });
    await act(scribe, { type: 'hand:raise' });
    await act(reader, { type: 'hand:raise' });
    await act(facilitator, { type: 'queue:callNext' });
    await act(byId.get(facilitator.state!.floor!.memberId)!, { type: 'turn:end' });
    await act(facilitator, { type: 'hotseat:nextStep' });
    await act(member, { type: 'hotseat:choose', choice: 'ideas' });
    await act(facilitator, { type: 'timer:pause' });
    await act(facilitator, { type: 'timer:resume' });
    await act(facilitator, { type: 'timer:addMinute' });

    // An open floor: hands up and down, a turn that spends a token.
    await act(facilitator, { type: 'phase:next' });
    await act(reader, { type: 'hand:raise' });
    await act(member, { type: 'hand:raise' });
    await act(member, { type: 'hand:lower' });
    await act(facilitator, { type: 'queue:callNext' });
    await act(byId.get(facilitator.state!.floor!.memberId)!, { type: 'turn:end' });

    // Commitments: the scribe writes the board; every reading device receives it.
    await act(facilitator, { type: 'role:scribe', memberId: scribe.id });
    await act(facilitator, { type: 'phase:next' });
    replaceText(scribeBoard.doc, member.id, 'commitment', `Walk at lunch twice, ${c.boardCommitment}`);
    replaceText(scribeBoard.doc, reader.id, 'lastCommitment', `Call my sister, ${c.boardLastCommitment}`);
    setStatus(scribeBoard.doc, reader.id, 'half-kept');
    replaceText(scribeBoard.doc, member.id, 'note', `Night shifts make it hard, ${c.boardNote}`);
    for (const board of [facilitatorBoard, readerBoard]) {
      await untilDoc(board.doc, () => readEntries(board.doc).get(member.id)?.note.includes(c.boardNote) ?? false);
    }

    // A poll, its words sealed with the board key; half the room answers and the round stays open.
    if (openQuestion(facilitator.state!)) await act(facilitator, { type: 'answers:close' });
    const key = facilitatorBoard.link.boardKey()!;
    const pollId = 'poll-in-the-proof';
    const prompt = await sealPollPrompt(key.key, key.epoch, roomId, pollId, `Keep meeting? ${c.pollWords}`);
    await act(facilitator, { type: 'answers:ask', questionId: pollId, kind: 'poll', prompt });
    const heldAnswers: string[] = [];
    for (const [who, board, value] of [
      [facilitator, facilitatorBoard, 1],
      [scribe, scribeBoard, 2],
    ] as const) {
      const submit = await pageAnswer(who, board.link.boardKey()!, value);
      await act(who, submit);
      heldAnswers.push(submit.sealed);
    }

    // Bad input, each carrying a canary: refused, and then it must be gone like everything else.
    const stranger = await TestMember.connect(url, roomId);
    strangers.push(stranger);
    const tooLong = await stranger.socket.emitWithAck(
      'room:join',
      stranger.joinRequest(`${c.tooLongName} is a name far longer than forty characters`),
    );
    const oversized = await stranger.socket.emitWithAck(
      'room:join',
      stranger.joinRequest(`${c.oversizedName} ${'and on '.repeat(40)}`),
    );
    const unknownField = await facilitator.socket.emitWithAck('room:command', {
      requestId: 'bad-input-with-extra-field',
      command: { type: 'timer:pause', [c.unknownField]: c.unknownField },
    } as never);
    const boardGarbage = await sendToBoard(url, roomId, scribe.secret!, garbageFrame(c.boardGarbage));

    stopReading(reader);
    return {
      roomId,
      deviceBoard: () => readEntries(facilitatorBoard.doc),
      heldAnswers,
      devicePollWords: () => openPollPrompt(readerBoard.link.boardKey()!.key, roomId, pollId, prompt),
      secrets: everyone.map((m) => m.secret!),
      refusals: {
        tooLongName: tooLong.ok ? 'accepted' : tooLong.code,
        oversizedName: oversized.ok ? 'accepted' : oversized.code,
        unknownField: unknownField.ok ? 'accepted' : unknownField.code,
        boardGarbage,
      },
      async end() {
        const reply = await facilitator.send({ type: 'room:end' });
        if (!reply.ok) throw new Error(`room:end refused: ${reply.code}`);
        // The stalled reader hears nothing any more: the server lets its connection go unread.
        const reading = [...everyone, ...strangers].filter((m) => m !== reader);
        await Promise.all(reading.map((m) => m.until(() => m.ended !== null, 'room:ended')));
        await Promise.all(reading.map(disconnected));
        const codes = [facilitatorBoard, scribeBoard].map((board) => board.closes.at(-1));
        if (codes.some((code) => code !== BoardClose.roomEnded)) throw new Error(`boards closed with ${codes}`);
      },
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}
