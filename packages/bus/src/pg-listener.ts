import { Client, escapeIdentifier } from 'pg';
import type { Logger } from './logger.ts';
import { errorMessage } from './logger.ts';

export interface PgListenerOptions {
  connectionString: string;
  channel: string;
  onNotification(payload: string): void;
  /** Called after every (re)connect: notifications sent while disconnected are lost. */
  onConnected(): void;
  retryDelayMs: number;
  logger: Logger;
}

/**
 * Holds one connection LISTENing on a channel and reconnects when it drops. Wake-ups are only an
 * optimisation: everyone who waits on them also polls, so a gap adds latency, never loss.
 */
export class PgListener {
  private client: Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly options: PgListenerOptions;

  constructor(options: PgListenerOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    const { connectionString, channel, onNotification, logger } = this.options;
    const client = new Client({ connectionString });
    client.on('notification', (message) => onNotification(message.payload ?? ''));
    client.on('error', (error) => {
      logger.warn(
        { channel, err: errorMessage(error) },
        'bus listener connection lost; polling until it is back',
      );
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.options.onConnected();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed) return;
      this.start().catch((error: unknown) => {
        this.options.logger.warn(
          { channel: this.options.channel, err: errorMessage(error) },
          'bus listener reconnect failed',
        );
        this.scheduleReconnect();
      });
    }, this.options.retryDelayMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
