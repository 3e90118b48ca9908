export interface EventUser {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly ipAddress: string;
}

/**
 * What UNIQUE_USERS counts: the first of id, email, username, ip address that
 * is set, tagged with its kind so an id "a@b" and an email "a@b" are two
 * users. null when the event has no user.
 */
export function userKeyOf(user: EventUser): string | null {
  if (user.id !== '') return `id:${user.id}`;
  if (user.email !== '') return `email:${user.email}`;
  if (user.username !== '') return `username:${user.username}`;
  if (user.ipAddress !== '') return `ip:${user.ipAddress}`;
  return null;
}
