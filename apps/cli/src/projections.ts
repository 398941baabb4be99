import { createRootLogger, loadConfig, startInfrastructure } from '@continuum/platform';
import { ProjectionRebuilder, ProjectionStore } from '@continuum/projections';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { allProjections } from '../../worker/src/projections/all-projections';

const usage = 'usage: npm run projections -- status | rebuild <name> [--keep-previous]';

// Operators' tool: inspect projections, or rebuild one into fresh tables while the live one keeps serving.
async function main(): Promise<void> {
  const [command, name, ...flags] = process.argv.slice(2);
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const infrastructure = await startInfrastructure(config, createRootLogger(config, 'cli'));
  const dataSource = await new DataSource({ type: 'postgres', url: infrastructure.databaseUrl }).initialize();
  const store = new ProjectionStore(dataSource);
  try {
    await store.migrate();
    if (command === 'status') {
      console.table(
        (await store.allStatuses()).map((s) => ({
          projection: s.projection,
          generation: s.generation,
          active: s.active,
          state: s.state,
          checkpoint: s.checkpoint?.commit.toString() ?? '-',
          error: s.error ?? '',
        })),
      );
    } else if (command === 'rebuild' && name) {
      const projection = allProjections.find((p) => p.name === name);
      if (!projection)
        throw new Error(
          `No projection named ${name}; known: ${allProjections.map((p) => p.name).join(', ')}`,
        );
      const bar = new SingleBar({
        format: `${name} [{bar}] {percentage}% | {events} events | generation {generation}`,
      });
      bar.start(100, 0, { events: 0, generation: '?' });
      const result = await new ProjectionRebuilder(infrastructure.eventStore, dataSource, store).rebuild(
        projection,
        {
          keepPrevious: flags.includes('--keep-previous'),
          onProgress: (p) =>
            bar.update(Math.round(p.fraction * 100), { events: p.eventsApplied, generation: p.generation }),
        },
      );
      bar.update(100);
      bar.stop();
      console.log(
        `${name}: generation ${result.generation} now serves (${result.eventsApplied} events); generation ${result.previousGeneration} ${flags.includes('--keep-previous') ? 'kept' : 'dropped'}`,
      );
    } else {
      throw new Error(usage);
    }
  } finally {
    await dataSource.destroy();
    await infrastructure.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`projections: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
