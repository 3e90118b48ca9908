// What a benchmark event looks like, shared by the events the client sends
// and the rows SQL builds server-side, so both paths store the same kind of
// rows: ~50 groups (by exception), weighted levels, a few tags, 1,000 users.

export const GROUP_COUNT = 50;
export const USER_COUNT = 1000;
/** Share of events that carry a user. */
export const WITH_USER = 0.9;
/** Share of events in production (the rest: staging). */
export const IN_PRODUCTION = 0.9;
export const RELEASE_COUNT = 5;
export const BROWSERS = ['chrome', 'firefox', 'safari', 'edge', 'opera'] as const;
export const OPERATING_SYSTEMS = ['linux', 'macos', 'windows'] as const;
export const ROUTE_COUNT = 20;

/** Cumulative level shares, protobuf level numbers: fatal 5%, error 60%, warning 20%, info 10%, debug 5%. */
export const LEVEL_CUMULATIVE: readonly (readonly [upTo: number, level: 1 | 2 | 3 | 4 | 5])[] = [
  [0.05, 1],
  [0.65, 2],
  [0.85, 3],
  [0.95, 4],
  [1, 5],
];

export const exceptionTypeOf = (group: number) => `BenchError${group}`;
export const exceptionValueOf = (group: number) => `handler ${group} failed while serving the request`;
export const messageOf = (group: number) => `${exceptionTypeOf(group)}: ${exceptionValueOf(group)}`;
export const culpritOf = (group: number) => `app/handlers/handler-${group}.ts in serve`;
