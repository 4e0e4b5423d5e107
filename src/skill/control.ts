// The shape most controller directives share: find the user's endpoint, turn the directive into a
// device command, execute it through the SkillCloud port, answer with the state afterwards.
import type { Directive } from '../alexa/index.ts';
import type { DirectiveHandler } from './interface-module.ts';
import type { Device, DeviceCommand } from './ports.ts';

export function commandHandler(
  toCommand: (directive: Directive, device: Device) => DeviceCommand,
): DirectiveHandler {
  return async (directive, ctx) => {
    const device = await ctx.endpointDevice(directive);
    const after = await ctx.cloud.execute(ctx.user.userId, device, toCommand(directive, device));
    return ctx.respond(directive, after);
  };
}
