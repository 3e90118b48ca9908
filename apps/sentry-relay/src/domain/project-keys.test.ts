import { describe, expect, it } from 'vitest';
import { checkProjectKey, parseProjectKeys, requestKey } from './project-keys.js';

const KEY_A = '0123456789abcdef0123456789abcdef';
const KEY_B = 'fedcba9876543210fedcba9876543210';

describe('project keys', () => {
  it('parses project=key|key pairs', () => {
    const { keys, problems } = parseProjectKeys(`12=${KEY_A}|${KEY_B}, 40=other-project-key-1`);
    expect(problems).toEqual([]);
    expect([...keys]).toEqual([
      [KEY_A, '12'],
      [KEY_B, '12'],
      ['other-project-key-1', '40'],
    ]);
  });

  it('refuses a key shared by two projects, short keys, bad project ids and no keys at all', () => {
    expect(parseProjectKeys(`12=${KEY_A},13=${KEY_A}`).problems).toEqual([
      "a key of project 13 is also project 12's: a key opens one project",
    ]);
    expect(parseProjectKeys('12=short').problems[0]).toMatch(/not 16-128 letters/);
    expect(parseProjectKeys(`0=${KEY_A}`).problems[0]).toMatch(/positive integer/);
    expect(parseProjectKeys('').problems).toEqual(['no project has a key: no event could be accepted']);
  });

  it('never shows a key when an entry is not project=key: a bare key, or key=project the wrong way round', () => {
    const problems = parseProjectKeys(`${KEY_A}, ${KEY_B}=12, 12=${KEY_A}=13`).problems;
    expect(problems).toEqual([
      'entry 1 is not project=key|key (a project id is a positive integer)',
      'entry 2 is not project=key|key (a project id is a positive integer)',
      'entry 3 ("12=…") is not project=key|key (a project id is a positive integer)',
    ]);
  });

  it('lets a key open its own project only', () => {
    const { keys } = parseProjectKeys(`12=${KEY_A},13=${KEY_B}`);
    expect(checkProjectKey(keys, '12', KEY_A)).toBe('allowed');
    expect(checkProjectKey(keys, '13', KEY_A)).toBe('other-project');
    expect(checkProjectKey(keys, '12', 'no-such-key-at-all')).toBe('unknown');
    expect(checkProjectKey(keys, '12', undefined)).toBe('missing');
  });

  it('finds the key in the query, else in X-Sentry-Auth', () => {
    const auth = `Sentry sentry_version=7, sentry_client=sentry.javascript.node/11.12.0, sentry_key=${KEY_B}`;
    expect(requestKey(new URLSearchParams(`sentry_key=${KEY_A}`), auth)).toBe(KEY_A);
    expect(requestKey(new URLSearchParams(''), auth)).toBe(KEY_B);
    expect(requestKey(new URLSearchParams(''), 'Bearer abc')).toBeUndefined();
    expect(requestKey(new URLSearchParams(''), undefined)).toBeUndefined();
  });
});
