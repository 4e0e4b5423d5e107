// Every `mylights` sub-command, in the order --help lists them.
import type { Command } from 'commander';
import { registerServe } from './serve.ts';
import { registerUsers } from './users.ts';
import { registerDevices } from './devices.ts';
import { registerDeviceGateway } from './devices-gateway.ts';
import { registerClients } from './clients.ts';
import { registerKeys } from './keys.ts';
import { registerAlexa } from './alexa.ts';

export const commands: Array<(program: Command) => void> = [
  registerServe,
  registerUsers,
  registerDevices,
  registerDeviceGateway,
  registerClients,
  registerKeys,
  registerAlexa,
];
