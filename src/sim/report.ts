// Shows an exchange readably: what was sent, what came back, whether Amazon's schema accepts it,
// and a loud warning when the answer would unlink the user.
import type { Exchange } from './simulator.ts';

interface Event {
  header: { namespace: string; name: string; correlationToken?: string };
  endpoint?: { endpointId?: string };
  payload: Record<string, unknown>;
}
interface Message {
  event: Event;
  context?: { properties?: Array<{ namespace: string; name: string; instance?: string; value: unknown }> };
}
interface DiscoveryEndpoint {
  endpointId: string;
  friendlyName: string;
  displayCategories?: string[];
  capabilities?: Array<{ interface: string }>;
}

const fmt = (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v));

export function describeDirective(directive: unknown): string {
  const d = (
    directive as {
      directive?: { header?: { namespace?: string; name?: string }; endpoint?: { endpointId?: string } };
    }
  )?.directive;
  const name = `${d?.header?.namespace ?? '?'}.${d?.header?.name ?? '?'}`;
  return d?.endpoint?.endpointId ? `${name} → ${d.endpoint.endpointId}` : name;
}

export function formatExchange(x: Exchange): string {
  const lines: string[] = [];
  if (x.refreshed)
    lines.push('(access token had expired: refreshed it with the refresh token, as Alexa does)');
  lines.push(`sent      ${describeDirective(x.directive)}  via ${x.via}`);
  const m = x.answer as Message;
  const h = m?.event?.header;
  lines.push(`answer    ${h ? `${h.namespace}.${h.name}` : '(not an Alexa event)'}`);
  if (h?.name === 'ErrorResponse') {
    lines.push(`error     ${fmt(m.event.payload.type)}: ${fmt(m.event.payload.message)}`);
  }
  if (h?.name === 'Discover.Response') {
    const endpoints = (m.event.payload.endpoints ?? []) as DiscoveryEndpoint[];
    lines.push(`endpoints ${endpoints.length}`);
    for (const e of endpoints) {
      const ifaces = (e.capabilities ?? [])
        .map((c) => c.interface)
        .filter((i) => i !== 'Alexa')
        .map((i) => i.replace(/^Alexa\./, ''));
      lines.push(
        `  ${e.endpointId}  "${e.friendlyName}"  ${(e.displayCategories ?? []).join(',')}  [${ifaces.join(', ')}]`,
      );
    }
  }
  for (const p of m?.context?.properties ?? []) {
    lines.push(`  ${p.namespace}${p.instance ? `:${p.instance}` : ''}.${p.name} = ${fmt(p.value)}`);
  }
  lines.push(
    x.schema.ok
      ? `schema    ${x.schema.schema === 'skipped' ? "NOT CHECKED (Amazon's schema is not at hand)" : `valid (${x.schema.schema})`}`
      : `schema    INVALID (${x.schema.schema}):\n  ${x.schema.errors.join('\n  ')}`,
  );
  if (x.unlink) lines.push(unlinkWarning(x.unlink));
  return `${lines.join('\n')}\n`;
}

export function unlinkWarning(u: { type: string; message: string }): string {
  return [
    '',
    `!!! WARNING: Alexa would UNLINK this account on this answer (${u.type}${u.message ? `: ${u.message}` : ''}).`,
    '!!! Alexa deletes the token; the user must link the skill again by hand. Make sure this was a',
    '!!! real verdict on the token (revoked, deleted account, expired) and not an outage.',
  ].join('\n');
}

/** Exit status: 1 when the answer breaks the schema, 3 when it would unlink the user, else 0. */
export function exitCodeOf(x: Exchange): number {
  if (!x.schema.ok) return 1;
  if (x.unlink) return 3;
  return 0;
}
