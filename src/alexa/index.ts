// The Alexa protocol: message types, parsing, token extraction, builders and typed errors. No I/O.
export * from './types.ts';
export * from './errors.ts';
export * from './parse.ts';
export * from './scope.ts';
export * from './build.ts';
export * from './time.ts';
export * from './payload.ts';
export * from './video.ts';
