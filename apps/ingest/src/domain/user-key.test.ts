import { expect, test } from 'vitest';
import { userKeyOf } from './user-key.js';

const none = { id: '', email: '', username: '', ipAddress: '' };

test('the first of id, email, username, ip address identifies the user', () => {
  expect(userKeyOf({ id: '42', email: 'a@b.c', username: 'ann', ipAddress: '10.0.0.1' })).toBe('id:42');
  expect(userKeyOf({ ...none, email: 'a@b.c', username: 'ann' })).toBe('email:a@b.c');
  expect(userKeyOf({ ...none, username: 'ann', ipAddress: '10.0.0.1' })).toBe('username:ann');
  expect(userKeyOf({ ...none, ipAddress: '10.0.0.1' })).toBe('ip:10.0.0.1');
});

test('no user at all counts as no user', () => {
  expect(userKeyOf(none)).toBeNull();
});

test('the same text under different kinds is two users', () => {
  expect(userKeyOf({ ...none, id: 'ann' })).not.toBe(userKeyOf({ ...none, username: 'ann' }));
});
