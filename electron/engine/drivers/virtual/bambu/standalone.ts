// A virtual Bambu printer shaped like the real one on the LAN: its own TLS MQTT broker (CN = serial cert,
// bblp + access code) and its own implicit-FTPS server. For e2e tests of "add printer" and "trust certificate".
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../brokers/aedes-broker.js';
import { startVirtualFtps, type VirtualFtpsServer } from './ftps-server.js';
import { aedesLink } from './links.js';
import { VirtualBambuPrinter, type VirtualBambuOptions } from './virtual-printer.js';

export interface StandaloneVirtualBambuOptions extends Omit<VirtualBambuOptions, 'link' | 'files'> {
  accessCode: string;
  /** Printer certificate (CN = serial, no IP SAN) and key; tests generate them with openssl. */
  key: string | Buffer;
  cert: string | Buffer;
  host?: string;
}

export interface StandaloneVirtualBambu {
  printer: VirtualBambuPrinter;
  broker: EmbeddedBroker;
  ftps: VirtualFtpsServer;
  files: Map<string, Buffer>;
  host: string;
  /** The "8883" of this printer. */
  mqttPort: number;
  /** The "990" of this printer. */
  ftpsPort: number;
  /** Fault: drop every MQTT client (the printer's Wi-Fi blinked). Returns how many were dropped. */
  dropConnections(): number;
  close(): Promise<void>;
}

export async function startStandaloneVirtualBambu(o: StandaloneVirtualBambuOptions): Promise<StandaloneVirtualBambu> {
  const host = o.host ?? '127.0.0.1';
  const files = new Map<string, Buffer>();
  const broker = await startEmbeddedBroker({
    host,
    port: null, // TLS only, like current firmware
    tls: { key: o.key, cert: o.cert },
    authenticate: (user, password) => user === 'bblp' && password === o.accessCode,
  });
  const ftps = await startVirtualFtps({ key: o.key, cert: o.cert, password: o.accessCode, files, host });
  const printer = await VirtualBambuPrinter.start({ ...o, link: aedesLink(broker.aedes), files });
  return {
    printer,
    broker,
    ftps,
    files,
    host,
    mqttPort: broker.tlsPort!,
    ftpsPort: ftps.port,
    dropConnections: () => broker.disconnectClients(() => true),
    async close() {
      await printer.close();
      await ftps.close();
      await broker.close();
    },
  };
}
