// JSON schemas of the resource API's bodies. Fastify validates requests and serialises responses
// with them, and the OpenAPI document is generated from the same objects, so they cannot drift.
import { API_ERRORS, TOKEN_REASONS } from './contract.ts';

export type JsonSchema = Record<string, unknown>;

export const errorSchema = {
  type: 'object',
  required: ['error', 'error_description'],
  additionalProperties: false,
  properties: {
    error: { type: 'string', enum: [...API_ERRORS] },
    reason: {
      type: 'string',
      description: `For invalid_token one of ${TOKEN_REASONS.join(', ')}; for device_unreachable offline or timeout; for device_fault device_error or invalid_state.`,
    },
    error_description: { type: 'string' },
    validRange: {
      type: 'object',
      required: ['minimumValue', 'maximumValue'],
      additionalProperties: false,
      properties: { minimumValue: { type: 'number' }, maximumValue: { type: 'number' } },
    },
    scope: { type: 'string' },
  },
} as const satisfies JsonSchema;

export const deviceSchema = {
  type: 'object',
  required: ['id', 'type', 'name', 'online', 'state', 'updatedAt', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: 'Also the Alexa endpointId.', pattern: '^[A-Za-z0-9_\\-=#;:?@&]+$' },
    type: { type: 'string', enum: ['light', 'tv', 'meeting-room'] },
    name: { type: 'string', maxLength: 128 },
    online: { type: 'boolean' },
    state: { type: 'object', additionalProperties: true },
    updatedAt: { type: 'integer', description: 'Epoch milliseconds of the last state change.' },
    createdAt: { type: 'integer' },
  },
} as const satisfies JsonSchema;

export const deviceListSchema = {
  type: 'object',
  required: ['devices'],
  additionalProperties: false,
  properties: { devices: { type: 'array', items: deviceSchema, maxItems: 300 } },
} as const satisfies JsonSchema;

export const meSchema = {
  type: 'object',
  required: ['user', 'token'],
  additionalProperties: false,
  properties: {
    user: {
      type: 'object',
      required: ['id', 'email'],
      additionalProperties: false,
      properties: { id: { type: 'string' }, email: { type: 'string' } },
    },
    token: {
      type: 'object',
      required: ['clientId', 'scopes', 'grantId', 'expiresAt'],
      additionalProperties: false,
      properties: {
        clientId: { type: 'string' },
        scopes: { type: 'array', items: { type: 'string' } },
        grantId: { type: 'string' },
        expiresAt: { type: 'integer', description: 'Epoch milliseconds.' },
      },
    },
  },
} as const satisfies JsonSchema;

export const commandSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9]*$' },
    params: { type: 'object', additionalProperties: true, default: {}, maxProperties: 32 },
  },
} as const satisfies JsonSchema;

export const deviceIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 256 } },
} as const satisfies JsonSchema;

/** Schemas that the OpenAPI document names as components (by object identity). */
export const NAMED_SCHEMAS: Record<string, JsonSchema> = {
  ApiError: errorSchema,
  Device: deviceSchema,
  DeviceList: deviceListSchema,
  Me: meSchema,
  Command: commandSchema,
};
