// How busy the write path has been lately: the share of the last second
// during which at least one write (a StoreEvent group commit or a
// StoreEvents batch) was in flight. Statistics admission reads it to give
// writes the first claim on the database while they keep it busy
// (stats/statistics-admission.ts).

/** Writes are counted over this much of the recent past… */
const WINDOW_MS = 1_000;
/** …in slots of this length (the oldest slot leaves the window whole). */
const SLOT_MS = 100;
const SLOTS = WINDOW_MS / SLOT_MS;
/** The window's whole slots and the current, partly passed one. */
const RING = SLOTS + 1;

export interface WritePressure {
  /** Runs `write`, counting it as in flight until it settles. */
  during<T>(write: () => Promise<T>): Promise<T>;
  /** The share (0–1) of the last second during which a write was in flight. */
  busyShare(): number;
}

export function createWritePressure(now: () => number = () => performance.now()): WritePressure {
  // busyMs[i] holds the busy time of absolute slot slotOf[i] (i = slot % RING).
  const busyMs = new Array<number>(RING).fill(0);
  const slotOf = new Array<number>(RING).fill(-1);
  let inFlight = 0;
  let busySince = 0;

  /** Adds the busy interval [from, to) to the slots it covers. */
  function record(from: number, to: number): void {
    for (let t = from; t < to;) {
      const slot = Math.floor(t / SLOT_MS);
      const slotEnd = (slot + 1) * SLOT_MS;
      const i = slot % RING;
      if (slotOf[i] !== slot) {
        slotOf[i] = slot;
        busyMs[i] = 0;
      }
      busyMs[i] = (busyMs[i] as number) + Math.min(to, slotEnd) - t;
      t = slotEnd;
    }
  }

  return {
    async during(write) {
      if (inFlight === 0) busySince = now();
      inFlight += 1;
      try {
        return await write();
      } finally {
        inFlight -= 1;
        if (inFlight === 0) record(busySince, now());
      }
    },
    busyShare() {
      const t = now();
      // A write still in flight counts up to now, without being recorded twice.
      if (inFlight > 0) {
        record(busySince, t);
        busySince = t;
      }
      const current = Math.floor(t / SLOT_MS);
      let busy = 0;
      for (let i = 0; i < RING; i += 1) {
        const slot = slotOf[i] as number;
        if (slot >= current - SLOTS && slot <= current) busy += busyMs[i] as number;
      }
      // The window: the SLOTS whole slots before the current one, and the current one's elapsed part.
      const span = SLOTS * SLOT_MS + (t - current * SLOT_MS);
      return Math.min(1, busy / span);
    },
  };
}
