import { describe, expect, it } from 'vitest';
import { Agenda } from '../../shared/src/protocol/agenda.ts';
import { CreateRoomRequest } from '../../shared/src/protocol/rest.ts';
import { contactKind, RoomResources } from '../../shared/src/protocol/resources.ts';
import { cards } from '../../shared/src/room/cards.ts';
import { checkInPrompts } from '../../shared/src/room/guide.ts';
import { scriptNow } from '../../shared/src/room/script.ts';
import { sessionClock } from '../../shared/src/room/sessionClock.ts';
import { currentRound, currentRun, phaseTimer, type RoomState } from '../../shared/src/room/state.ts';
import { agendaTemplates, findTemplate } from '../../shared/src/room/templates.ts';
import { isPaused, remainingMs } from '../../shared/src/room/timer.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';

const MIN = 60_000;

/** Every timer in the room: the phase's, a turn's or a step's, the floor's. */
function timers(s: RoomState) {
  const run = currentRun(s);
  const turn = run?.kind === 'round' || run?.kind === 'commitments' ? run.turn : null;
  const step = run?.kind === 'hotseat' ? run.stepTimer : null;
  return [phaseTimer(s), turn, step, s.floor?.timer ?? null].filter((t) => t !== null);
}

describe('the guide in the room', () => {
  it('[GD1] every phase and hot-seat step of every template carries the guide’s words for the facilitator and for members', () => {
    for (const template of agendaTemplates) {
      expect(Agenda.safeParse(template.phases).success, template.id).toBe(true);
      for (const phase of template.phases) {
        expect(phase.say, `${template.id}: ${phase.title}`).toBeTruthy();
        expect(phase.prompt, `${template.id}: ${phase.title}`).toBeTruthy();
        if (phase.kind === 'hotseat')
          for (const step of phase.steps) expect([step.say, step.prompt]).not.toContain(undefined);
      }
    }
    const weekly = findTemplate('weekly-45').phases;
    expect(weekly[0]?.prompt).toBe('One word or short phrase for how you are arriving.');
    const seat = weekly[2];
    const words = seat?.kind === 'hotseat' ? seat.steps.map((s) => `${s.say} ${s.prompt}`) : [];
    expect(words[1]).toContain('Questions only to understand, not to challenge');
    expect(words[2]).toContain('Do you want ideas, or just space?');
    expect(words[3]).toContain('My takeaway is…');
  });

  it('[GD3] the round’s prompt deepens over the group’s first meetings; the first starts with the ground rules', () => {
    const prompt = (meeting: 'first' | 'early' | 'later') => findTemplate('weekly-45', meeting).phases[1]?.prompt;
    expect(prompt('first')).toContain('I cannot do this for 30 years');
    expect(prompt('early')).toContain('a patient you think about when you cannot sleep');
    expect(prompt('later')).toBe('One moment from this week that stuck with you emotionally or ethically.');
    expect(checkInPrompts.later.say).toContain('The part that bothered me was…');
    const request = CreateRoomRequest.parse({ templateId: 'weekly-45', purpose: 'We meet', meeting: 'first' });
    expect(request.meeting).toBe('first');
  });

  it('[GD2] the facilitator puts a card on every screen, replaced by the next; members cannot', () => {
    let s = must(lobby(), { type: 'card:show', card: 'no-minimizing' }, 'fac', T0);
    expect(s.card).toEqual({ id: 'no-minimizing', shownAt: T0 });
    expect(refusalOf(s, { type: 'card:show', card: 'what-do-you-need' }, 'ana', T0)).toBe('NOT_FACILITATOR');
    s = must(s, { type: 'card:show', card: 'official-channels' }, 'fac', T0 + 5);
    expect(s.card?.id).toBe('official-channels');
    expect(cards['official-channels'].text).toBe(
      'This sounds like something for the official channels. How can we support you in doing that?',
    );
    s = must(s, { type: 'card:hide' }, 'fac', T0 + 6);
    expect(s.card).toBeNull();
    expect(refusalOf(s, { type: 'card:hide' }, 'fac', T0)).toBe('NOT_ALLOWED');
  });

  it('[GD4] the planned end is the agenda from the start; the projection moves with pauses, added minutes and overtime', () => {
    const room = lobby();
    expect(sessionClock(room, T0)).toEqual({ plannedEnd: T0 + 45 * MIN, projectedEnd: T0 + 45 * MIN, overMs: 0 });
    let s = must(room, { type: 'session:start' }, 'fac', T0);
    expect(sessionClock(s, T0 + MIN)).toMatchObject({ plannedEnd: T0 + 45 * MIN, overMs: 0 });
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + MIN);
    expect(sessionClock(s, T0 + 4 * MIN)?.overMs).toBe(3 * MIN);
    s = must(s, { type: 'timer:resume' }, 'fac', T0 + 4 * MIN);
    s = must(s, { type: 'timer:addMinute' }, 'fac', T0 + 4 * MIN);
    expect(sessionClock(s, T0 + 4 * MIN)?.overMs).toBe(4 * MIN);
    // Ten minutes in, the two-minute check-in is still going: the rest of the agenda starts 8 late.
    expect(sessionClock(s, T0 + 10 * MIN)?.overMs).toBe(8 * MIN);
  });
});

describe('the safety path', () => {
  it('[SF1] pause for support stops every timer and holds the session; resume continues exactly where it was', () => {
    let s = must(lobby(), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'support:pause' }, 'fac', T0 + 10_000);
    expect(s.support).toEqual({ since: T0 + 10_000, wasPaused: false });
    expect(timers(s).every(isPaused)).toBe(true);
    for (const command of [{ type: 'phase:next' }, { type: 'timer:resume' }, { type: 'turn:end' }] as const) {
      expect(refusalOf(s, command, 'fac', T0)).toBe('NOT_ALLOWED');
    }
    expect(refusalOf(s, { type: 'support:pause' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'support:resume' }, 'ana', T0)).toBe('NOT_FACILITATOR');
    s = must(s, { type: 'support:resume' }, 'fac', T0 + 5 * MIN);
    expect(s.support).toBeNull();
    expect(remainingMs(phaseTimer(s)!, T0 + 5 * MIN)).toBe(2 * MIN - 10_000);
    expect(remainingMs(currentRound(s)!.run.turn!, T0 + 5 * MIN)).toBe(10_000);
  });

  it('[SF1] a clock paused before the pause for support is still paused after it', () => {
    let s = must(lobby(), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 1_000);
    s = must(s, { type: 'support:pause' }, 'fac', T0 + 2_000);
    s = must(s, { type: 'support:resume' }, 'fac', T0 + 3_000);
    expect(timers(s).every(isPaused)).toBe(true);
    // In the lobby too: nothing runs, the panel shows.
    expect(must(lobby(), { type: 'support:pause' }, 'fac', T0).support).not.toBeNull();
  });

  it('[SF2] a room’s own resources: at most five, each a name and a phone number or a web link', () => {
    expect(['+1 (888) 409-0141', '0800 123 456', 'https://eap.example.org/help'].map(contactKind)).toEqual([
      'phone',
      'phone',
      'link',
    ]);
    expect(
      ['call me', 'javascript:alert(1)', '12', 'ftp://x.example', 'http://eap.example.org'].map(contactKind),
    ).toEqual([null, null, null, null, null]);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `Line ${i}`, contact: '0800 123 456' }));
    expect(RoomResources.safeParse(six).success).toBe(false);
    expect(RoomResources.safeParse(six.slice(0, 5)).success).toBe(true);
    const resources = [{ name: 'Our EAP', contact: '0800 123 456' }];
    expect(refusalOf(lobby(), { type: 'resources:set', resources }, 'ana', T0)).toBe('NOT_FACILITATOR');
    expect(must(lobby(), { type: 'resources:set', resources }, 'fac', T0).resources).toEqual(resources);
  });
});

describe('what to say now', () => {
  it('[GD1] the facilitator’s words and what comes next follow the room: lobby, phase, hot-seat step, the end', () => {
    let s = lobby();
    expect(scriptNow(s)).toMatchObject({ next: { title: 'One-word check-in' } });
    s = must(s, { type: 'session:start' }, 'fac', T0);
    expect(scriptNow(s)).toMatchObject({
      prompt: 'One word or short phrase for how you are arriving.',
      next: { title: 'Round-robin check-in' },
    });
    s = must(must(s, { type: 'phase:next' }, 'fac', T0), { type: 'phase:next' }, 'fac', T0);
    expect(scriptNow(s).say).toContain('Who has something they really need space for today?');
    s = must(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0);
    expect(scriptNow(s)).toMatchObject({ next: { title: 'Clarifying questions' } });
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    expect(scriptNow(s).prompt).toBe('Questions only to understand, not to challenge.');
    for (let i = 0; i < 3; i++) s = must(s, { type: 'phase:next' }, 'fac', T0);
    expect(scriptNow(s)).toMatchObject({ next: null });
    expect(scriptNow(s).say).toContain('set the next three dates');
  });
});
