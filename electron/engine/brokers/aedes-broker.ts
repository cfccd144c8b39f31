// Embedded MQTT broker (aedes, in process): TCP and optional TLS listeners on free ports, password check, stop.
import net from 'node:net';
import tls from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';

export interface EmbeddedBrokerOptions {
  host?: string;
  /** 0 = pick a free port. Set null to skip the plain TCP listener. */
  port?: number | null;
  /** TLS listener (e.g. a printer-style certificate with CN = serial, or the farm broker's own). */
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer; port?: number };
  /** Return true to accept. Absent = anonymous access allowed. */
  authenticate?: (username: string | undefined, password: string | undefined, clientId: string) => boolean;
}

export interface EmbeddedBroker {
  readonly aedes: Aedes;
  readonly host: string;
  readonly port: number | null;
  readonly tlsPort: number | null;
  /** Client ids currently connected. */
  clientIds(): string[];
  /** Drop matching clients (fault injection: a lost Wi-Fi link). Returns how many were dropped. */
  disconnectClients(match: (clientId: string) => boolean): number;
  close(): Promise<void>;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const check = options.authenticate;
  // Pass `authenticate` only when set: an explicit undefined replaces aedes' default and breaks every CONNECT.
  const aedes = await Aedes.createBroker({
    ...(check && {
      authenticate: (client, username, password, done) => {
        const ok = check(username, password?.toString('utf8'), client.id);
        if (ok) return done(null, true);
        const error = new Error('Bad user name or password') as AuthenticateError;
        // 5 = not authorized: what Mosquitto and the printers answer for a wrong access code.
        error.returnCode = 5;
        done(error, null);
      },
    }),
  });
  // A client that misbehaves must not take the broker down; aedes reports it here.
  aedes.on('clientError', () => undefined);
  aedes.on('connectionError', () => undefined);
  const clients = new Map<string, Client>();
  aedes.on('client', (client) => clients.set(client.id, client));
  aedes.on('clientDisconnect', (client) => {
    if (clients.get(client.id) === client) clients.delete(client.id);
  });

  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const servers: net.Server[] = [];
  let port: number | null = null;
  let tlsPort: number | null = null;
  if (options.port !== null) {
    const server = net.createServer((socket) => {
      track(socket);
      aedes.handle(socket);
    });
    servers.push(server);
    port = await listen(server, options.port ?? 0, host);
  }
  if (options.tls) {
    const server = tls.createServer({ key: options.tls.key, cert: options.tls.cert, ca: options.tls.ca }, (socket) => {
      track(socket);
      aedes.handle(socket);
    });
    server.on('tlsClientError', () => undefined); // clients that reject our certificate just go away
    servers.push(server);
    tlsPort = await listen(server, options.tls.port ?? 0, host);
  }

  return {
    aedes,
    host,
    port,
    tlsPort,
    clientIds: () => [...clients.keys()],
    disconnectClients(match) {
      let dropped = 0;
      for (const [id, client] of clients) {
        if (!match(id)) continue;
        client.conn.destroy();
        clients.delete(id);
        dropped += 1;
      }
      return dropped;
    },
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
