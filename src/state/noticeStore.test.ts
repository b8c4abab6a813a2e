import { beforeEach, describe, expect, it } from 'vitest';
import { fadeAfterMs, HISTORY_LIMIT, notify, useNotices } from './noticeStore';

beforeEach(() => useNotices.getState().clear());

describe('notices', () => {
  it('keeps every message: seven different ones are seven notices (the old store kept four)', () => {
    for (let i = 1; i <= 7; i++) notify('error', `bad value ${i}`);
    expect(useNotices.getState().notices.map((n) => n.message)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `bad value ${i}`));
  });

  it('merges a repeated message into one notice with a count, moved to the newest place', () => {
    notify('info', 'a');
    notify('info', 'b');
    notify('warning', 'a');
    notify('info', 'a');
    const { notices } = useNotices.getState();
    expect(notices.map((n) => [n.message, n.count, n.level])).toEqual([
      ['b', 1, 'info'],
      ['a', 3, 'warning'],
    ]);
  });

  it('a dismissed notice goes to the history, which keeps the newest HISTORY_LIMIT', () => {
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      notify('info', `m${i}`);
      useNotices.getState().dismiss(useNotices.getState().notices[0].id);
    }
    const { notices, history } = useNotices.getState();
    expect(notices).toEqual([]);
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.at(-1)!.message).toBe(`m${HISTORY_LIMIT + 4}`);
  });

  it('info and warnings fade; errors and notices with an action stay until dismissed', () => {
    expect(fadeAfterMs({ level: 'info' })).toBe(10_000);
    expect(fadeAfterMs({ level: 'warning' })).toBe(20_000);
    expect(fadeAfterMs({ level: 'error' })).toBeNull();
    expect(fadeAfterMs({ level: 'info', action: { label: 'Train', run: () => {} } })).toBeNull();
  });
});
