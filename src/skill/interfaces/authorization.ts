// Alexa.Authorization: AcceptGrant hands the skill an authorization code for Alexa's event gateway
// (ChangeReport and other proactive events). Those are not built yet, so the grant cannot be
// completed: the honest answer is ACCEPT_GRANT_FAILED naming what is missing, never a fake success
// (which would make Alexa believe proactive events work).
import { AcceptGrantFailedError } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';

export const ACCEPT_GRANT_MISSING =
  'proactive events are not configured: this server has no Alexa event gateway client ' +
  '(the skill\'s Alexa client id and secret from the "Permissions" page of the Alexa developer console, ' +
  'and the events service that stores the Amazon tokens, are not set up)';

export const authorization: InterfaceModule = {
  namespace: 'Alexa.Authorization',
  capability: () => null,
  properties: () => [],
  handlers: {
    async AcceptGrant() {
      throw new AcceptGrantFailedError(ACCEPT_GRANT_MISSING);
    },
  },
};
