/** A message as producers hand it to a transport. `key` decides the partition: same key, same order. */
export interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A message as a transport delivers it to a subscriber. `offset` is its position within the partition. */
export interface DeliveredMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** What a subscriber may do while it works on a message. */
export interface Delivery {
  /**
   * Tells the broker the member is alive while a message takes long (a handler waiting for the database), so
   * its partitions are not handed to another member meanwhile. Throws when the group is rebalancing.
   */
  heartbeat(): Promise<void>;
}

export interface SubscribeOptions {
  /** Every group receives every message; within a group each message goes to one member. */
  groupId: string;
  topics: string[];
  /**
   * Called for one message at a time per partition, in partition order. The offset is committed only after
   * the returned promise resolves; if it rejects, the same message is delivered again (later messages of the
   * partition wait).
   */
  onMessage(message: DeliveredMessage, delivery: Delivery): Promise<void>;
}

export interface Subscription {
  /** Waits for the message in flight, then releases this member's partitions to the rest of the group. */
  stop(): Promise<void>;
}

/** What the event bus needs from a broker. Kafka in production, PostgreSQL when no Kafka is configured. */
export interface Transport {
  /** Value of the `messaging.system` span attribute for messages of this transport. */
  readonly system: string;
  /** Resolves once the broker has durably stored (acknowledged) every message. */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  ensureTopics(topics: string[]): Promise<void>;
  /**
   * Every message a topic holds now, in partition order (for operators: dead letters). Reads outside any
   * consumer group, so no group's position moves. A topic that does not exist holds nothing.
   */
  read(topic: string): Promise<DeliveredMessage[]>;
  /** Stops every subscription of this transport and releases its connections. */
  close(): Promise<void>;
}
