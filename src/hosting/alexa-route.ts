// POST /alexa: the skill behind HTTP, answering exactly as the Lambda would (HTTP 200 with the Alexa
// message, errors included). The body is read as text under its own limit and decoded by the skill,
// so a body that is not JSON, too large or not a directive gets a schema-valid INVALID_DIRECTIVE.
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.ts';
import { inProcessSkill } from '../skill/in-process.ts';
import { MAX_DIRECTIVE_BYTES } from '../skill/pipeline.ts';
import { endOfThisTurn } from './end-of-turn.ts';

export function alexaRoutes(app: App): FastifyPluginAsync {
  return async (server) => {
    const skill = inProcessSkill(app);
    server.addHook('onClose', async () => skill.close());
    // Any content type: Alexa-compatible callers do not all say application/json.
    server.removeAllContentTypeParsers();
    const asText = { parseAs: 'string', bodyLimit: MAX_DIRECTIVE_BYTES } as const;
    const keep = (_req: unknown, body: string | Buffer, done: (err: null, body: string | Buffer) => void) =>
      done(null, body);
    // application/json named as well: fastify caches the parser it finds by name, but looks the
    // catch-all up anew (parsing the header each time) on every request.
    server.addContentTypeParser('application/json', asText, keep);
    server.addContentTypeParser('*', asText, keep);
    server.setErrorHandler(
      async (err: { code?: string; statusCode?: number; message: string }, _req, reply) => {
        // Only body reading can fail before the skill runs (the skill itself never throws).
        const reason =
          err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? `the body is larger than ${MAX_DIRECTIVE_BYTES} bytes`
            : `the body could not be read (${err.code ?? 'error'})`;
        return reply
          .code(200)
          .type('application/json')
          .send(await skill.refuse(reason));
      },
    );
    server.post('/alexa', async (req, reply) => {
      const turnEnds = endOfThisTurn();
      const body = typeof req.body === 'string' ? req.body : '';
      const answer = await skill.handleJson(body);
      await turnEnds;
      return reply.code(200).type('application/json').send(answer);
    });
  };
}
