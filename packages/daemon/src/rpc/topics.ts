import type { LogStream, SubscribeEvent } from "@grace/protocol";

/**
 * Every notification topic, built here and nowhere else: a connection subscribes to topics and
 * graced notifies a topic's subscribers. Two are named by clients in `subscribe` (protocol's
 * SUBSCRIBE_EVENTS); the log topics are taken by `tail -f` and `maintail -f`.
 */
export type Topic = SubscribeEvent | `log:${string}`;

/** Every state change (`status --watch`, stop progress). */
export const STATE_TOPIC = "state" satisfies Topic;
/** The end of a shutdown (`gracectl shutdown`). */
export const SHUTDOWN_TOPIC = "shutdown" satisfies Topic;
/** graced's own log (`maintail -f`). */
export const MAIN_LOG_TOPIC = "log:main" satisfies Topic;

/** One stream of one process (`tail -f`). */
export const logTopic = (fullName: string, stream: LogStream): Topic => `log:${fullName}:${stream}`;
