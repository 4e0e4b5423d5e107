// The video interfaces' own protocol pieces: Alexa.Video's error types (answered through the skill's
// one error funnel, as an AlexaError in the Alexa.Video namespace) and Alexa.SeekController's
// StateReport, the one video answer that is not an Alexa.Response. No I/O.
import { randomUUID } from 'node:crypto';
import { AlexaError } from './errors.ts';
import { PAYLOAD_VERSION } from './build.ts';
import type { DirectiveRef } from './parse.ts';
import type { AlexaEvent } from './types.ts';

/**
 * Alexa.Video.ErrorResponse types (Amazon's Alexa.Video.ErrorResponse page, plus CONTENT_NOT_FOUND
 * from the video-skill error-handling pages). The token errors stay generic Alexa errors.
 */
export const VIDEO_ERROR_TYPES = [
  'ACTION_NOT_PERMITTED_FOR_CONTENT',
  'CONFIRMATION_REQUIRED',
  'CONTENT_NOT_FOUND',
  'CONTENT_NOT_RECORDABLE',
  'NOT_SUBSCRIBED',
  'RECORDING_EXISTS',
  'STORAGE_FULL',
  'TITLE_DISAMBIGUATION_REQUIRED',
  'TUNER_OCCUPIED',
] as const;
export type VideoErrorType = (typeof VIDEO_ERROR_TYPES)[number];

/** A video directive was understood but the provider cannot carry it out; answered as Alexa.Video ErrorResponse. */
export class VideoError extends AlexaError {
  constructor(
    readonly videoType: VideoErrorType,
    message: string,
  ) {
    super(videoType, message, 'Alexa.Video');
    this.name = 'VideoError';
  }
}

/** Largest position Alexa accepts in positionMilliseconds (24 h). */
export const MAX_POSITION_MS = 86_400_000;

/** Alexa.SeekController StateReport: the answer to AdjustSeekPosition, with the position reached. */
export function seekPositionReport(
  ref: DirectiveRef & { endpointId: string },
  positionMs: number,
): AlexaEvent {
  return {
    event: {
      header: {
        namespace: 'Alexa.SeekController',
        name: 'StateReport',
        messageId: randomUUID(),
        ...(ref.correlationToken !== undefined ? { correlationToken: ref.correlationToken } : {}),
        payloadVersion: PAYLOAD_VERSION,
      },
      endpoint: { endpointId: ref.endpointId },
      payload: {
        properties: [
          {
            name: 'positionMilliseconds',
            value: Math.min(MAX_POSITION_MS, Math.max(0, Math.round(positionMs))),
          },
        ],
      },
    },
  };
}
