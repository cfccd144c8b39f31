// How a virtual Bambu printer reaches its broker: straight into an in-process aedes, or as an MQTT client.
import type { Aedes, AedesPublishPacket } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface BrokerLink {
  publish(topic: string, payload: string | Buffer): void;
  /** Start delivering requests; resolves when the subscription is active. */
  subscribe(topic: string, onMessage: (payload: Buffer) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * In-process aedes: no socket and no client per printer, so 250 demo printers cost a subscription each.
 * This is also how a printer serves its own broker (the printer IS the broker on real hardware).
 */
export function aedesLink(aedes: Aedes): BrokerLink {
  const subscriptions: Array<{ topic: string; deliver: (packet: AedesPublishPacket, cb: () => void) => void }> = [];
  return {
    publish(topic, payload) {
      if (aedes.closed) return;
      aedes.publish({ cmd: 'publish', topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, qos: 0, retain: false, dup: false }, () => undefined);
    },
    subscribe(topic, onMessage) {
      return new Promise((resolve) => {
        const deliver = (packet: AedesPublishPacket, cb: () => void) => {
          cb();
          onMessage(Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
        };
        subscriptions.push({ topic, deliver });
        aedes.subscribe(topic, deliver, resolve);
      });
    },
    async close() {
      if (aedes.closed) return;
      await Promise.all(subscriptions.splice(0).map((s) => new Promise<void>((resolve) => aedes.unsubscribe(s.topic, s.deliver, resolve))));
    },
  };
}

/** An MQTT client link (e.g. to Debian mosquitto). */
export async function mqttClientLink(url: string, options: IClientOptions): Promise<BrokerLink> {
  const client: MqttClient = await mqtt.connectAsync(url, { reconnectPeriod: 500, protocolVersion: 4, ...options });
  client.on('error', () => undefined);
  return {
    publish(topic, payload) {
      client.publish(topic, payload, { qos: 0 });
    },
    async subscribe(topic, onMessage) {
      client.on('message', (t, payload) => {
        if (t === topic) onMessage(payload);
      });
      await client.subscribeAsync(topic, { qos: 1 });
    },
    async close() {
      await client.endAsync(true);
    },
  };
}
