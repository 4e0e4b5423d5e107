// Answers leave at the end of the event-loop turn their requests arrived in, all together.
// Written one by one from the poll phase, each answer on a loopback connection (a reverse proxy or
// load balancer on the same host) wakes the peer's idle thread on the other core, and the kernel
// charges that wake-up to our write: under load on 2 cores, ReportState spent 40% of the server's
// CPU in writev. Released together at the end of the turn, the peer is woken once per burst, and
// ReportState went from about 150 to about 115 µs of CPU per directive (decision 0006). A request
// only ever waits for the rest of the turn it arrived in, whose work is already under way; an answer
// that took longer (a group commit, a remote verifier, PostgreSQL) finds its turn over and goes out
// at once.
let current: Promise<void> | undefined;

/**
 * The end of the current turn (its check phase): call when a request arrives, await before
 * answering it. One timer and one promise per turn, shared by every request of that turn.
 */
export function endOfThisTurn(): Promise<void> {
  return (current ??= new Promise((resolve) =>
    setImmediate(() => {
      current = undefined;
      resolve();
    }),
  ));
}
