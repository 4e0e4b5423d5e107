import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { AlexaSchemaValidator } from './schema-validator.ts';

const AMAZON =
  process.env.ALEXA_SCHEMA_PATH ??
  resolve(import.meta.dirname, '..', '..', '..', 'shared', 'alexa', 'alexa_smart_home_message_schema.json');

const errorResponse = (payload: Record<string, unknown>) => ({
  event: {
    header: { namespace: 'Alexa', name: 'ErrorResponse', messageId: 'm-1', payloadVersion: '3' },
    payload,
  },
});

describe('AlexaSchemaValidator', () => {
  const validator = new AlexaSchemaValidator({ amazonSchemaPath: AMAZON });

  it("accepts a message Amazon's schema accepts", () => {
    assert.ok(validator.hasAmazonSchema, `Amazon's schema is expected at ${AMAZON}`);
    const r = validator.validate(errorResponse({ type: 'INTERNAL_ERROR', message: 'x' }));
    assert.deepEqual([r.ok, r.schema], [true, 'amazon']);
  });

  it('rejects one it refuses, with the reasons', () => {
    const r = validator.validate(errorResponse({ type: 'NOT_AN_ERROR_TYPE', message: 'x' }));
    assert.equal(r.ok, false);
    assert.ok(r.errors.length > 0);
  });

  it('says "skipped" when there is no Amazon schema', () => {
    const none = new AlexaSchemaValidator({ amazonSchemaPath: null });
    assert.equal(none.validate({}).schema, 'skipped');
  });
});
