// Minimal implicit-FTPS server shaped like the printer's (TLS 1.2, PASV only, session reuse required), for tests/demo.
import net from 'node:net';
import tls from 'node:tls';

export interface VirtualFtpsOptions {
  key: string | Buffer;
  cert: string | Buffer;
  password: string;
  files: Map<string, Buffer>;
  host?: string;
  /** Refuse data connections that do not resume the control session, like the printer ("522 … session reuse required"). */
  requireSessionReuse?: boolean;
  /** Called when a STOR starts (fault injection: e.g. drop the MQTT connection mid-upload). */
  onUploadStart?: (name: string) => void;
  maxFileBytes?: number;
}

export interface VirtualFtpsServer {
  port: number;
  /** Data connections that did NOT reuse the control session. */
  readonly sessionReuseFailures: number;
  close(): Promise<void>;
}

function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

export async function startVirtualFtps(o: VirtualFtpsOptions): Promise<VirtualFtpsServer> {
  const host = o.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  let reuseFailures = 0;
  // Real printers speak TLS 1.2 only (ECDHE-RSA-AES256-GCM-SHA384).
  const control = tls.createServer({ key: o.key, cert: o.cert, maxVersion: 'TLSv1.2', minVersion: 'TLSv1.2' });
  // Same ticket keys on the data listener, so a client presenting the control session's ticket resumes it.
  const data = tls.createServer({ key: o.key, cert: o.cert, maxVersion: 'TLSv1.2', minVersion: 'TLSv1.2', ticketKeys: control.getTicketKeys() });
  const waitingData: Array<(socket: tls.TLSSocket) => void> = [];
  const arrivedData: tls.TLSSocket[] = [];
  data.on('secureConnection', (socket) => {
    track(socket);
    if (o.requireSessionReuse !== false && !socket.isSessionReused()) {
      reuseFailures += 1;
      socket.destroy();
      return;
    }
    const waiter = waitingData.shift();
    if (waiter) waiter(socket);
    else arrivedData.push(socket);
  });
  const nextDataSocket = () =>
    new Promise<tls.TLSSocket>((resolve, reject) => {
      const ready = arrivedData.shift();
      if (ready) return resolve(ready);
      const timer = setTimeout(() => reject(new Error('no data connection')), 5000);
      waitingData.push((s) => {
        clearTimeout(timer);
        resolve(s);
      });
    });

  control.on('secureConnection', (socket) => {
    track(socket);
    let user = '';
    let authed = false;
    let buffer = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 BBL-P003 FTP Server (virtual)');
    const handle = async (line: string) => {
      const space = line.indexOf(' ');
      const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
      const arg = space < 0 ? '' : line.slice(space + 1);
      if (!authed && !['USER', 'PASS', 'QUIT', 'FEAT', 'AUTH', 'PBSZ', 'PROT'].includes(verb)) return reply('530 Please login with USER and PASS.');
      switch (verb) {
        case 'USER':
          user = arg;
          return reply('331 Password required');
        case 'PASS':
          authed = user === 'bblp' && arg === o.password;
          return reply(authed ? '230 User logged in' : '530 Login incorrect.');
        case 'TYPE':
        case 'STRU':
        case 'PBSZ':
        case 'PROT':
        case 'NOOP':
          return reply('200 OK');
        case 'PWD':
          return reply('257 /'); // the printer answers without quotes
        case 'CWD':
          return reply('250 OK');
        case 'PASV': {
          const port = (data.address() as net.AddressInfo).port;
          return reply(`227 Entering Passive Mode (${host.split('.').join(',')},${port >> 8},${port & 255})`);
        }
        case 'SIZE': {
          const file = o.files.get(arg.replace(/^\//, ''));
          return reply(file ? `213 ${file.length}` : '550 No such file');
        }
        case 'DELE':
          o.files.delete(arg.replace(/^\//, ''));
          return reply('250 Deleted');
        case 'STOR': {
          const name = arg.replace(/^\/(sdcard\/)?/, '');
          o.onUploadStart?.(name);
          let dataSocket: tls.TLSSocket;
          try {
            dataSocket = await nextDataSocket();
          } catch {
            return reply('522 SSL connection failed: session reuse required');
          }
          reply('150 Ok to send data');
          const chunks: Buffer[] = [];
          let size = 0;
          dataSocket.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > (o.maxFileBytes ?? 512 * 1024 * 1024)) dataSocket.destroy();
            else chunks.push(chunk);
          });
          dataSocket.once('close', () => {
            if (size > (o.maxFileBytes ?? 512 * 1024 * 1024)) return reply('552 File too large');
            o.files.set(name, Buffer.concat(chunks));
            reply('226 Transfer complete');
          });
          return;
        }
        case 'QUIT':
          reply('221 Goodbye');
          return socket.end();
        default:
          return reply('502 Command not implemented'); // FEAT, EPSV, MLSD, OPTS… like the printer
      }
    };
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.length > 8192) return socket.destroy();
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        chain = chain.then(async () => void (await handle(line))).catch(() => undefined);
      }
    });
  });
  control.on('tlsClientError', () => undefined);
  data.on('tlsClientError', () => undefined);

  const port = await listen(control, host);
  await listen(data, host);
  return {
    port,
    get sessionReuseFailures() {
      return reuseFailures;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([control, data].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
