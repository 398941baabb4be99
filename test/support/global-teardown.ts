import { releaseTestKafka } from './kafka';
import { releaseTestPostgres } from './postgres';

export default async function globalTeardown(): Promise<void> {
  await releaseTestKafka();
  await releaseTestPostgres();
}
