// The dashboard: devices with their state, controls, and add / rename / remove.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Device, DeviceCommand } from '../../cloud/device-model.ts';
import {
  DeviceFaultError,
  DeviceUnreachableError,
  DeviceValueError,
  NoSuchDeviceError,
} from '../../cloud/device-errors.ts';
import { DeviceInputError } from '../../cloud/devices.ts';
import { deviceTypes } from '../../devices/types.ts';
import {
  checkCsrf,
  fields,
  page,
  problem,
  requireSignedIn,
  wantsJson,
  type SignedIn,
  type WebContext,
} from '../context.ts';
import { deviceView, hexToHsv } from '../device-view.ts';
import { appPage, dashboardBody, type Problem } from '../views.ts';

const TYPE_LABELS: Record<string, string> = { light: 'Light', tv: 'TV', 'meeting-room': 'Meeting room' };

function availableTypes() {
  return Object.keys(deviceTypes).map((value) => ({ value, label: TYPE_LABELS[value] ?? value }));
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** Turns the control form into a light command (names from src/devices/light.ts), or a problem. */
export function commandFromForm(f: Record<string, string>): DeviceCommand | Problem {
  const whole = (v: string | undefined) =>
    v !== undefined && /^-?\d{1,5}$/.test(v.trim()) ? Number(v) : NaN;
  switch (f.command) {
    case 'setPower':
      if (f.powerState !== 'ON' && f.powerState !== 'OFF') break;
      return { name: 'setPower', params: { powerState: f.powerState } };
    case 'setBrightness': {
      const brightness = whole(f.brightness);
      if (Number.isNaN(brightness))
        return { what: 'Brightness must be a whole number.', todo: 'Pick a value from 0 to 100.' };
      return { name: 'setBrightness', params: { brightness } };
    }
    case 'setColor': {
      const hsv = hexToHsv(f.color ?? '');
      if (!hsv)
        return {
          what: 'That is not a colour the light understands.',
          todo: 'Pick a colour with the colour picker.',
        };
      // The slider sets brightness; the colour picker sets hue and saturation at full colour brightness.
      return { name: 'setColor', params: { ...hsv, brightness: 1 } };
    }
    case 'setColorTemperature': {
      const k = whole(f.colorTemperatureInKelvin);
      if (Number.isNaN(k))
        return {
          what: 'Colour temperature must be a whole number of kelvin.',
          todo: 'Pick a value from 2200 to 7000.',
        };
      return { name: 'setColorTemperature', params: { colorTemperatureInKelvin: k } };
    }
  }
  return {
    what: 'The control sent something the light does not understand.',
    todo: 'Reload the page and try again.',
  };
}

/** What happened and what to do, for each way a command can fail. */
export function controlProblem(device: Device, err: unknown): { status: number; problem: Problem } | null {
  if (err instanceof DeviceUnreachableError) {
    return err.why === 'offline'
      ? {
          status: 409,
          problem: {
            what: `${device.name} is offline, so it did not change.`,
            todo: 'Check that it has power and is connected to the network, then try again.',
          },
        }
      : {
          status: 504,
          problem: {
            what: `${device.name} did not answer in time; it may or may not have changed.`,
            todo: 'Wait a moment and try again. If it keeps happening, restart the device.',
          },
        };
  }
  if (err instanceof DeviceValueError) {
    return {
      status: 422,
      problem: {
        what: `${device.name} cannot do that: ${err.message}.`,
        todo: err.validRange
          ? `Choose a value from ${err.validRange.minimumValue} to ${err.validRange.maximumValue}.`
          : 'Try a different setting.',
      },
    };
  }
  if (err instanceof DeviceFaultError) {
    // It answered, so it is not offline; an ack with a state it cannot have may still have changed it.
    return {
      status: 502,
      problem: {
        what: `${device.name} reported a failure; it may or may not have changed.`,
        todo: 'Try again. If it keeps happening, restart the device or check its firmware.',
      },
    };
  }
  if (err instanceof NoSuchDeviceError) return { status: 404, problem: GONE };
  return null;
}

const GONE: Problem = {
  what: 'This device is no longer on your account.',
  todo: 'Reload the page to see your current devices.',
};

export function deviceRoutes(ctx: WebContext) {
  const { app } = ctx;
  const log = app.logger.child({ component: 'web' });

  async function renderDashboard(
    reply: FastifyReply,
    visitor: SignedIn,
    status = 200,
    extra: { problem?: Problem; notice?: string } = {},
  ) {
    const devices = (await app.devices.list(visitor.session.userId)).map(deviceView);
    return page(
      reply,
      status,
      appPage({
        title: 'Your devices',
        section: 'devices',
        csrf: visitor.csrf,
        email: visitor.session.email,
        scripts: ['/assets/app.js'],
        body: dashboardBody({ devices, csrf: visitor.csrf, types: availableTypes(), ...extra }),
      }),
    );
  }

  /** Signed in, CSRF checked, and the device (if the route names one) belongs to the visitor. */
  async function guard(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ visitor: SignedIn; device: Device | null } | null> {
    const visitor = await requireSignedIn(ctx, req, reply);
    if (!visitor || !checkCsrf(ctx, req, reply, visitor)) return null;
    const { id } = req.params as { id?: string };
    if (id === undefined) return { visitor, device: null };
    const device = ID.test(id) ? await app.devices.get(visitor.session.userId, id) : null;
    if (!device) {
      problem(req, reply, 404, GONE, 'Device not found');
      return null;
    }
    return { visitor, device };
  }

  return async (server: FastifyInstance): Promise<void> => {
    server.get('/dashboard', async (req, reply) => {
      const visitor = await requireSignedIn(ctx, req, reply);
      if (!visitor) return reply;
      return renderDashboard(reply, visitor);
    });

    server.post('/devices', async (req, reply) => {
      const g = await guard(req, reply);
      if (!g) return reply;
      const f = fields(req);
      try {
        await app.devices.add(g.visitor.session.userId, f.type ?? '', f.name ?? '');
        return reply.redirect('/dashboard', 303);
      } catch (err) {
        if (!(err instanceof DeviceInputError)) throw err;
        return renderDashboard(reply, g.visitor, 400, {
          problem: {
            what: `The device was not added: ${err.message}.`,
            todo: 'Correct the form below and press Add device again.',
          },
        });
      }
    });

    server.post('/devices/:id/rename', async (req, reply) => {
      const g = await guard(req, reply);
      if (!g?.device) return reply;
      try {
        await app.devices.rename(g.visitor.session.userId, g.device.id, fields(req).name ?? '');
        return reply.redirect('/dashboard', 303);
      } catch (err) {
        if (!(err instanceof DeviceInputError)) throw err;
        return renderDashboard(reply, g.visitor, 400, {
          problem: {
            what: `${g.device.name} was not renamed: ${err.message}.`,
            todo: 'Type a name of 1 to 128 characters.',
          },
        });
      }
    });

    server.post('/devices/:id/remove', async (req, reply) => {
      const g = await guard(req, reply);
      if (!g?.device) return reply;
      await app.devices.remove(g.visitor.session.userId, g.device.id);
      return renderDashboard(reply, g.visitor, 200, { notice: `${g.device.name} is removed.` });
    });

    server.post('/devices/:id/control', async (req, reply) => {
      const g = await guard(req, reply);
      if (!g?.device) return reply;
      const device = g.device;
      const command = commandFromForm(fields(req));
      if (!('name' in command)) {
        if (wantsJson(req)) return reply.code(400).send({ error: command });
        return renderDashboard(reply, g.visitor, 400, { problem: command });
      }
      try {
        const after = await app.deviceControl.execute(device, command);
        if (wantsJson(req))
          return reply.header('cache-control', 'no-store').send({ device: deviceView(after) });
        return reply.redirect('/dashboard', 303);
      } catch (err) {
        const known = controlProblem(device, err);
        if (err instanceof DeviceFaultError) {
          log.warn(
            { deviceId: device.id, command: command.name, reason: err.why, cause: err.message },
            "device fault: the device reported a failure (the device's, not ours)",
          );
        } else if (!known) {
          log.error({ err, deviceId: device.id, command: command.name }, 'web control failed');
        }
        const p = known ?? {
          status: 500,
          problem: {
            what: `Something went wrong on our side; ${device.name} was not changed.`,
            todo: 'Try again in a moment. If it keeps happening, tell the person who runs this server.',
          },
        };
        if (wantsJson(req))
          return reply.code(p.status).header('cache-control', 'no-store').send({ error: p.problem });
        return renderDashboard(reply, g.visitor, p.status, { problem: p.problem });
      }
    });
  };
}
