// Two connected in-memory streams: what one side writes the other reads. Lets MQTT clients in this
// process talk to the embedded broker without a socket (MQTT_PORT=0 needs no port at all).
import { Duplex } from 'node:stream';

class Half extends Duplex {
  other: Half | undefined;
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.other?.push(chunk);
    done();
  }
  override _final(done: (err?: Error | null) => void): void {
    this.other?.push(null);
    done();
  }
  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    // A side that goes away (a crashed device) closes the other, as a dropped TCP connection would.
    const other = this.other;
    this.other = undefined;
    if (other && !other.destroyed) {
      other.other = undefined;
      other.destroy();
    }
    done(err);
  }
}

export function duplexPair(): [Duplex, Duplex] {
  const a = new Half();
  const b = new Half();
  a.other = b;
  b.other = a;
  return [a, b];
}
