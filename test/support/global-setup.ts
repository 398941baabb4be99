import { provideTestKafka } from './kafka';
import { provideTestPostgres } from './postgres';

// Runs once per `jest` run: every test file then finds TEST_DATABASE_URL and KAFKA_BROKERS in its environment.
export default async function globalSetup(): Promise<void> {
  process.env.TEST_DATABASE_URL = await provideTestPostgres();
  process.env.KAFKA_BROKERS = await provideTestKafka();
}
