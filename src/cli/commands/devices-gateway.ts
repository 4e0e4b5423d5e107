// `mylights devices simulate` and `mylights devices credentials`: the device side of the gateway.
// The app, the gateway and the virtual devices are imported inside the actions (see main.ts).
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { Simulation } from '../../devices/virtual/simulate.ts';
import { DeviceValueError } from '../../cloud/device-errors.ts';
import { dataDirOption, overridesFrom, printJson, UsageError, withAdminApp } from '../output.ts';

type SimulateModule = typeof import('../../devices/virtual/simulate.ts');

const collect = (value: string, previous: string[]) => [...previous, value];

/** One line typed into `simulate`: a device changed by hand, or a device that loses power. */
async function handleConsoleLine(
  sim: Simulation,
  line: string,
  { parseConsoleLine, CONSOLE_HELP, SimulateUsageError }: SimulateModule,
): Promise<void> {
  try {
    const action = parseConsoleLine(line);
    if (action.kind === 'empty') return;
    if (action.kind === 'help') {
      process.stdout.write(`${CONSOLE_HELP}\n`);
      return;
    }
    const vd = sim.fleet.get(action.deviceId);
    if (!vd) throw new SimulateUsageError(`no device ${action.deviceId} runs here`);
    if (action.kind === 'crash') {
      vd.crash();
      process.stdout.write(`${vd.id} lost its connection\n`);
      return;
    }
    const state = await vd.press(action.command);
    process.stdout.write(`${vd.id} ${JSON.stringify(state)}\n`);
  } catch (err) {
    if (err instanceof SimulateUsageError || err instanceof DeviceValueError)
      process.stdout.write(`error: ${err.message}\n`);
    else throw err;
  }
}

export function registerDeviceGateway(program: Command): void {
  const devices = program.commands.find((c) => c.name() === 'devices');
  if (!devices) throw new Error('register the devices command first');

  dataDirOption(devices.command('simulate'))
    .description(
      'run every device in the store as a virtual MQTT device (for a server with VIRTUAL_DEVICES=off)',
    )
    .option('--slow <[id=]ms>', 'acknowledge commands after a delay; repeatable', collect, [])
    .option('--flaky <[id=]p>', 'drop each command with probability p (0..1); repeatable', collect, [])
    .option('--offline <id>', 'never connect this device; repeatable', collect, [])
    .option('--resync <ms>', 'how often to re-read the device list for added or removed devices', '2000')
    .addHelpText(
      'after',
      `
Connects to the broker the server uses: MQTT_URL when set, otherwise the server's embedded broker at
mqtt://HOST:MQTT_PORT (so the server must run with MQTT_PORT set, not 0). Reads devices and issues
each one a fresh MQTT credential in the same store (DATA_DIR / DATABASE_URL) as the server.
Start the server with VIRTUAL_DEVICES=off, or both would run the same devices.

A value without an id applies to every device; with <deviceId>= it applies to that device only.
Examples:
  VIRTUAL_DEVICES=off mylights serve &     # then, in another shell:
  mylights devices simulate
  mylights devices simulate --slow 2500 --flaky light-0a1b2c3d4e5f=0.5 --offline tv-66aa77bb88cc
While it runs, lines on standard input act on a device by hand (as a wall switch would):
  press <deviceId> <command> [param=value ...]   e.g. press light-0a1b2c3d4e5f setPower powerState=ON
  crash <deviceId>                               drop the connection; the broker sends the last will
Stop with Ctrl-C: every device says "offline" and disconnects.
`,
    )
    .action(
      async (opts: {
        slow: string[];
        flaky: string[];
        offline: string[];
        resync: string;
        dataDir?: string;
      }) => {
        const simulate = await import('../../devices/virtual/simulate.ts');
        const { parseFaultSpec, startSimulation, CONSOLE_HELP, SimulateUsageError } = simulate;
        try {
          const slow = opts.slow.map((s) => parseFaultSpec(s, 'slow'));
          const flaky = opts.flaky.map((s) => parseFaultSpec(s, 'flaky'));
          const resyncMs = Number(opts.resync);
          if (!Number.isInteger(resyncMs) || resyncMs < 100)
            throw new SimulateUsageError('--resync is at least 100 ms');
          const config = loadConfig(process.env, overridesFrom(opts));
          const [{ createApp }, { createLogger }, { describeLink }] = await Promise.all([
            import('../../app.ts'),
            import('../../log.ts'),
            import('../../gateway/link.ts'),
          ]);
          const app = await createApp(config, {
            logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
          });
          let sim;
          try {
            sim = await startSimulation(app, { slow, flaky, offline: opts.offline, resyncMs });
          } catch (err) {
            await app.close();
            throw err;
          }
          // Listening before the banner: whoever reacts to it must not find the process unguarded.
          const stopSignal = new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
          const running = (await app.devices.listAll()).filter((d) => sim.fleet.get(d.id));
          process.stdout.write(
            `simulating ${running.length} device(s) against ${describeLink(sim.link)}, topics ${config.mqttTopicPrefix}/<id>/...; Ctrl-C to stop\n`,
          );
          for (const d of running)
            process.stdout.write(
              `  ${d.id}  ${d.type}  ${d.name}${sim.fleet.get(d.id)?.connected ? '' : '  (not connected yet)'}\n`,
            );
          const rl = createInterface({ input: process.stdin, terminal: false });
          rl.on('line', (line) => void handleConsoleLine(sim, line, simulate));
          if (process.stdin.isTTY) process.stdout.write(`${CONSOLE_HELP}\n`);
          await stopSignal;
          await sim.stop();
          await app.close();
          process.stdout.write('stopped\n');
          // Everything is closed; an open stdin pipe (the console) would otherwise keep the process alive.
          process.exit(0);
        } catch (err) {
          if (err instanceof SimulateUsageError) throw new UsageError(err.message);
          throw err;
        }
      },
    );

  dataDirOption(devices.command('credentials <id>'))
    .description("issue a device's MQTT credential (for real hardware); the previous one stops working")
    .requiredOption('--user <email>', 'the account that owns the device')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { user: string; json?: boolean; dataDir?: string }) => {
      const [{ DeviceCredentials }, { Topics }, { describeLink }, { brokerLinkFor }] = await Promise.all([
        import('../../gateway/credentials.ts'),
        import('../../gateway/protocol.ts'),
        import('../../gateway/link.ts'),
        import('../../devices/virtual/simulate.ts'),
      ]);
      const out = await withAdminApp(async (app) => {
        const user = await app.accounts.requireByEmail(opts.user);
        const device = await app.devices.get(user.id, id);
        if (!device) throw new UsageError(`${opts.user} has no device ${id}`);
        const secret = await new DeviceCredentials(app.store).issue(device.id);
        const topics = new Topics(app.config.mqttTopicPrefix);
        let broker: string;
        try {
          broker = describeLink(brokerLinkFor(app));
        } catch {
          broker = '(embedded broker without a TCP port: set MQTT_PORT)';
        }
        return {
          broker,
          clientId: device.id,
          username: device.id,
          password: secret,
          topics: {
            cmd: topics.of(device.id, 'cmd'),
            ack: topics.of(device.id, 'ack'),
            state: topics.of(device.id, 'state'),
            status: topics.of(device.id, 'status'),
          },
        };
      }, overridesFrom(opts));
      if (opts.json) printJson(out);
      else
        process.stdout.write(
          `broker:    ${out.broker}\nclient id: ${out.clientId}\nusername:  ${out.username}\npassword:  ${out.password}   (shown once; only its hash is stored)\n` +
            `subscribe: ${out.topics.cmd}\npublish:   ${out.topics.ack}, ${out.topics.state} (retained), ${out.topics.status} (retained; also the last will)\n`,
        );
    });
}
