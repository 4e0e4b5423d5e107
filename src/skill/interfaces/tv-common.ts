// What the video interface modules share: reading a TV's state from a device, and the handler shape
// "resolve the endpoint, build a TV command, let the provider refuse it with an Alexa.Video error,
// execute it, answer with the state afterwards".
import { InvalidDirectiveError, VideoError, type AlexaEvent, type Directive } from '../../alexa/index.ts';
import { tvRefusal, type TvState } from '../../devices/tv.ts';
import type { DirectiveHandler, HandlerContext } from '../interface-module.ts';
import type { Device, DeviceCommand } from '../ports.ts';

export function tvOf(device: Device): TvState | null {
  return device.type === 'tv' ? (device.state as unknown as TvState) : null;
}

export function requireTv(device: Device): TvState {
  const tv = tvOf(device);
  if (!tv) throw new InvalidDirectiveError(`endpoint ${device.id} is not a TV`);
  return tv;
}

/** Executes a TV command after the provider's business checks; resolves with the device afterwards. */
export async function executeTv(
  ctx: HandlerContext,
  device: Device,
  command: DeviceCommand,
): Promise<Device> {
  const refusal = tvRefusal(requireTv(device), command);
  if (refusal) throw new VideoError(refusal.type, refusal.message);
  return ctx.cloud.execute(ctx.user.userId, device, command);
}

export function tvCommandHandler(
  toCommand: (directive: Directive, tv: TvState, device: Device) => DeviceCommand,
  answer: (directive: Directive, after: Device, ctx: HandlerContext) => AlexaEvent = (d, after, ctx) =>
    ctx.respond(d, after),
): DirectiveHandler {
  return async (directive, ctx) => {
    const device = await ctx.endpointDevice(directive);
    const after = await executeTv(ctx, device, toCommand(directive, requireTv(device), device));
    return answer(directive, after, ctx);
  };
}

/** A payload field that must be a string when present. */
export function optionalString(
  payload: Record<string, unknown>,
  key: string,
  where = 'payload',
): string | undefined {
  const v = payload[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > 1024)
    throw new InvalidDirectiveError(`${where}.${key} must be a string`);
  return v;
}

export function requiredString(payload: Record<string, unknown>, key: string, where = 'payload'): string {
  const v = optionalString(payload, key, where);
  if (v === undefined || v.trim() === '') throw new InvalidDirectiveError(`${where}.${key} is missing`);
  return v;
}

export const PROPERTIES = (names: string[]) => ({
  supported: names.map((name) => ({ name })),
  proactivelyReported: false,
  retrievable: true,
});
