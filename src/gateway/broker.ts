// The embedded MQTT broker (aedes): per-device credentials and per-device topic authorization.
// A device (username = its id, client id = its id) may subscribe only to its own cmd topic and
// publish only its own ack, state and status; the gateway has its own in-memory credential.
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';
import { hashSecret, newSecret, secretMatches, type DeviceCredentials } from './credentials.ts';
import { Topics, isDeviceId, MAX_PAYLOAD_BYTES } from './protocol.ts';
import { duplexPair } from './duplex-pair.ts';

export const GATEWAY_USERNAME = 'mylights-gateway';

type Principal = { kind: 'gateway' } | { kind: 'device'; deviceId: string };

export interface BrokerOptions {
  topics: Topics;
  credentials: DeviceCredentials;
  /** Rejects a device id that is no longer in the registry. */
  deviceExists: (deviceId: string) => Promise<boolean>;
  logger: Logger;
  /** TCP listener; port 0 means in-process only. */
  host: string;
  port: number;
}

function authError(code: 2 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;
}

export class EmbeddedBroker {
  /** The gateway client's password: random per process, known only to this process. */
  readonly gatewaySecret = newSecret();
  private readonly gatewayHash = hashSecret(this.gatewaySecret);
  private readonly principals = new WeakMap<Client, Principal>();
  private tcp: Server | undefined;
  /** Where TCP clients connect, e.g. mqtt://127.0.0.1:18830; undefined when in-process only. */
  url: string | undefined;

  private constructor(
    readonly aedes: Aedes,
    private readonly opts: BrokerOptions,
  ) {}

  static async start(opts: BrokerOptions): Promise<EmbeddedBroker> {
    const aedes = await Aedes.createBroker({
      maxClientsIdLength: 128,
      drainTimeout: 10000,
      heartbeatInterval: 60000,
    });
    const broker = new EmbeddedBroker(aedes, opts);
    aedes.authenticate = (client, username, password, done) => {
      broker.authenticate(client, username, password).then(
        (principal) => {
          broker.principals.set(client, principal);
          done(null, true);
        },
        (err: AuthenticateError) => done(err, false),
      );
    };
    aedes.authorizePublish = (client, packet, done) => {
      const p = client ? broker.principals.get(client) : undefined;
      if (!p || !broker.mayPublish(p, packet.topic, packet.payload)) {
        opts.logger.warn({ clientId: client?.id, topic: packet.topic }, 'mqtt publish refused');
        done(new Error('not authorized'));
        return;
      }
      done(null);
    };
    aedes.authorizeSubscribe = (client, sub, done) => {
      const p = broker.principals.get(client);
      if (!p || !broker.maySubscribe(p, sub.topic)) {
        opts.logger.warn({ clientId: client.id, topic: sub.topic }, 'mqtt subscribe refused');
        done(null, null); // a failure code in SUBACK, connection kept
        return;
      }
      done(null, sub);
    };
    aedes.on('clientError', (client, err) =>
      opts.logger.debug({ clientId: client.id, err: err.message }, 'mqtt client error'),
    );
    if (opts.port !== 0) {
      const tcp = createServer({ noDelay: true }, (socket) => aedes.handle(socket));
      broker.tcp = tcp;
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(opts.port, opts.host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      const addr = tcp.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      broker.url = `mqtt://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
    }
    return broker;
  }

  /** A new in-process connection to the broker (for mqtt.js's stream builder). */
  connectInProcess(): Duplex {
    const [clientSide, brokerSide] = duplexPair();
    this.aedes.handle(brokerSide);
    return clientSide;
  }

  private async authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<Principal> {
    if (!username || !password) throw authError(4, 'username and password required');
    if (username === GATEWAY_USERNAME) {
      if (!secretMatches(password, this.gatewayHash)) throw authError(4, 'bad credentials');
      return { kind: 'gateway' };
    }
    // A device's client id is its id: otherwise one device could take over another's session.
    if (!isDeviceId(username) || client.id !== username)
      throw authError(2, 'client id must be the device id');
    const ok = await this.opts.credentials.verify(username, password);
    if (!ok || !(await this.opts.deviceExists(username))) {
      this.opts.logger.warn({ deviceId: username }, 'mqtt device credentials refused');
      throw authError(4, 'bad credentials');
    }
    return { kind: 'device', deviceId: username };
  }

  private mayPublish(p: Principal, topic: string, payload: Buffer | string): boolean {
    if (payload.length > MAX_PAYLOAD_BYTES) return false;
    const t = this.opts.topics.parse(topic);
    if (!t) return false;
    if (p.kind === 'gateway') {
      // Commands, and clearing a removed device's retained state/status (an empty retained payload).
      return (
        t.channel === 'cmd' || ((t.channel === 'state' || t.channel === 'status') && payload.length === 0)
      );
    }
    return t.deviceId === p.deviceId && t.channel !== 'cmd';
  }

  private maySubscribe(p: Principal, topic: string): boolean {
    const { topics } = this;
    if (p.kind === 'gateway') return ['ack', 'state', 'status'].some((c) => topic === topics.all(c as 'ack'));
    return topic === topics.of(p.deviceId, 'cmd');
  }

  private get topics(): Topics {
    return this.opts.topics;
  }

  /** Disconnects a device at once (it was removed). */
  disconnectDevice(deviceId: string): void {
    const clients = (this.aedes as unknown as { clients: Record<string, Client> }).clients;
    clients[deviceId]?.close();
  }

  /** Closes the connection of every device that is no longer in the registry (its account was deleted). */
  async disconnectVanished(): Promise<void> {
    const clients = (this.aedes as unknown as { clients: Record<string, Client> }).clients;
    for (const client of Object.values(clients)) {
      const p = this.principals.get(client);
      if (p?.kind === 'device' && !(await this.opts.deviceExists(p.deviceId))) client.close();
    }
  }

  async close(): Promise<void> {
    // Stop accepting, then drop every client; the listener's close completes once its sockets are gone.
    const tcp = this.tcp;
    const tcpClosed = tcp ? new Promise<void>((resolve) => tcp.close(() => resolve())) : Promise.resolve();
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await tcpClosed;
  }
}
