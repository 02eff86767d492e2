import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toBase64Url } from '../../shared/src/crypto/bytes.ts';
import { openQuestion } from '../../shared/src/room/questions.ts';
import { AnswerDesk } from '../../client/src/lib/answers/answerDesk.svelte.ts';
import { pageAnswer } from '../helpers/answering.ts';
import { openBoard } from '../helpers/board.ts';
import type { BoardDevice } from '../helpers/boardDevice.ts';
import { TestMember } from '../helpers/member.ts';
import { converge, roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const members: TestMember[] = [];
const boards: BoardDevice[] = [];
const stored = new Map<string, string>();
beforeEach(async () => {
  server = await startServer();
  // The page keeps its device's key seed in localStorage; Node has none, so this test gives the
  // page's code a map holding the facilitator's seed. Only storage is stood in for: the network is real.
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => stored.get(k) ?? null,
    setItem: (k: string, v: string) => stored.set(k, v),
    removeItem: (k: string) => stored.delete(k),
  };
});
afterEach(async () => {
  for (const b of boards.splice(0)) b.destroy();
  for (const m of members.splice(0)) m.close();
  stored.clear();
  delete (globalThis as { localStorage?: unknown }).localStorage;
  await server.close();
});

/** The page's own answer desk for a member, driven by their replica, the rounds they are handed and their board's key. */
function deskOf(member: TestMember, board: BoardDevice): AnswerDesk {
  const desk = new AnswerDesk({
    roomId: member.roomId,
    send: async (command) => (await member.send(command)).ok,
    boardKey: () => board.link.boardKey(),
  });
  const follow = () => {
    desk.take(member.answered);
    desk.follow(member.state!, member.id);
  };
  member.watch(follow);
  follow();
  return desk;
}

/** Another member's device answers with the page's own code, under the key its board holds now. */
async function answerWith(member: TestMember, board: BoardDevice, value: number) {
  const reply = await member.send(await pageAnswer(member, board.link.boardKey()!, value));
  expect(reply.ok).toBe(true);
}

describe('private answers across a new board key', () => {
  it('[PA1][PA4] a round answered partly before and partly after a removal rekeyed the board still adds up on the page of a device that held both keys', async () => {
    const room = await roomWith(server, ['Ana', 'Ben', 'Cy'], { templateId: 'weekly-45' });
    members.push(...room.everyone);
    const [ana, ben, cy] = room.members as [TestMember, TestMember, TestMember];
    // The facilitator's page finds its key seed where the page keeps it.
    stored.set(`holdspace.keys.${room.roomId}`, toBase64Url(room.facilitator.keys.seed));
    for (const m of room.everyone) boards.push(await openBoard(m));
    const [facilitatorBoard, anaBoard, benBoard, cyBoard] = boards as [
      BoardDevice,
      BoardDevice,
      BoardDevice,
      BoardDevice,
    ];
    await room.facilitator.do({ type: 'session:start' });
    await room.facilitator.do({ type: 'answers:ask', questionId: 'question-rekey', kind: 'valuable', prompt: null });
    await converge(room.facilitator, room.everyone);
    const desk = deskOf(room.facilitator, facilitatorBoard);
    const question = () => openQuestion(room.facilitator.state!);

    // Ana and Ben answer under the first key.
    await answerWith(ana, anaBoard, 7);
    await answerWith(ben, benBoard, 9);
    await room.facilitator.until(() => question()?.submitted.length === 2, 'two answers in');

    // Eve, who came after the question opened and is not asked, is removed: the board is rekeyed.
    const eve = await TestMember.join(server.url, room.roomId, 'Eve');
    members.push(eve);
    await room.facilitator.until(() => room.facilitator.state!.members.length === 5, 'Eve in');
    await room.facilitator.do({ type: 'member:remove', memberId: eve.id });
    // The facilitator's board opens afresh under the new key.
    await vi.waitFor(() => expect(facilitatorBoard.link.boardKey()?.epoch).toBe(2), { timeout: 10_000, interval: 20 });

    // The facilitator (on the page's desk) and Cy answer under the new key: the round completes
    // with both epochs in it, and the facilitator's desk, which held both keys, adds it up.
    desk.answer(question()!, 8);
    await vi.waitFor(() => expect(cyBoard.link.boardKey()?.epoch).toBe(2), { timeout: 10_000, interval: 20 });
    await answerWith(cy, cyBoard, 8);
    await room.facilitator.until(() => room.facilitator.state!.questions[0]?.status === 'complete', 'the round');
    const epochs = new Set(room.facilitator.answered[0]?.answers.map((a) => a.epoch));
    expect(epochs).toEqual(new Set([1, 2]));
    await vi.waitFor(() => expect(desk.results.has('question-rekey')).toBe(true), { timeout: 10_000, interval: 20 });
    expect(desk.results.get('question-rekey')).toMatchObject({
      kind: 'shown',
      reveal: { answers: 4, counts: [0, 0, 0, 0, 0, 0, 1, 2, 1, 0], average: 8 },
    });
  }, 90_000);
});
