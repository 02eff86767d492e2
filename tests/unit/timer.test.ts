import { describe, expect, it } from 'vitest';
import {
  extendTimer,
  formatRemaining,
  pauseTimer,
  remainingMs,
  resumeTimer,
  startTimer,
} from '../../shared/src/room/timer.ts';

describe('timer arithmetic', () => {
  it('[TM1] counts down from its start in server time', () => {
    const t = startTimer(120_000, 1_000);
    expect(remainingMs(t, 1_000)).toBe(120_000);
    expect(remainingMs(t, 31_000)).toBe(90_000);
    expect(remainingMs(t, 131_000)).toBe(-10_000);
  });

  it('[TM3] a paused timer holds still; resuming continues where it stopped', () => {
    const paused = pauseTimer(startTimer(60_000, 0), 10_000);
    expect(remainingMs(paused, 10_000)).toBe(50_000);
    expect(remainingMs(paused, 500_000)).toBe(50_000);
    const resumed = resumeTimer(paused, 500_000);
    expect(remainingMs(resumed, 500_000)).toBe(50_000);
    expect(remainingMs(resumed, 520_000)).toBe(30_000);
    expect(pauseTimer(paused, 700_000)).toBe(paused);
    expect(resumeTimer(resumed, 700_000)).toBe(resumed);
  });

  it('[TM3] adding a minute adds exactly a minute, paused or running', () => {
    const t = startTimer(60_000, 0);
    expect(remainingMs(extendTimer(t, 60_000), 30_000)).toBe(90_000);
    expect(remainingMs(extendTimer(pauseTimer(t, 5_000), 60_000), 99_000)).toBe(115_000);
  });

  it('[TM4] shows m:ss counting down in whole seconds and overtime with a minus', () => {
    expect(formatRemaining(61_000)).toBe('1:01');
    expect(formatRemaining(60_001)).toBe('1:01');
    expect(formatRemaining(59_200)).toBe('1:00');
    expect(formatRemaining(900)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-999)).toBe('0:00');
    expect(formatRemaining(-1_000)).toBe('-0:01');
    expect(formatRemaining(-4_500)).toBe('-0:04');
    expect(formatRemaining(-600_000)).toBe('-10:00');
    expect(formatRemaining(45 * 60_000)).toBe('45:00');
  });
});
