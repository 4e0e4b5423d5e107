// Captures every log line an App writes, so tests can prove no secret reaches a log.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';

export function capturingLogger(level: 'info' | 'debug' | 'trace' = 'debug'): {
  logger: Logger;
  lines: string[];
  text(): string;
} {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(level, stream);
  return { logger, lines, text: () => lines.join('\n') };
}
