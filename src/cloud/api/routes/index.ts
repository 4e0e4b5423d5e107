// The resource API's whole route table.
import type { ApiRoute } from '../route.ts';
import { getMe } from './me.ts';
import { getDevice, listDevices } from './devices.ts';
import { postCommand } from './commands.ts';

export const API_ROUTES: ApiRoute[] = [getMe, listDevices, getDevice, postCommand];
