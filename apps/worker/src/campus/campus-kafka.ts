import { Logger } from '@nestjs/common';
import type { Config } from '@continuum/platform';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

const logger = new Logger('Kafka');

// kafkajs logs through Nest (and so pino); its INFO chatter about group joins stays at debug.
const logCreator =
  () =>
  ({ level, log }: LogEntry): void => {
    const line = `${log.message}${log.error ? `: ${String(log.error)}` : ''}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else logger.debug(line);
  };

/** The campus Kafka client: only built when KAFKA_BROKERS is set. */
export function campusKafka(config: Config): Kafka {
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}-campus`,
    brokers: [...(config.KAFKA_BROKERS ?? [])],
    logLevel: logLevel.WARN,
    logCreator,
  });
}
