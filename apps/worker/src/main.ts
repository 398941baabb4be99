import 'reflect-metadata';
import { runApplication } from '@continuum/platform';
import { AppModule } from '../../api/src/app.module';

// Always the worker role: background work, plus /health/live and /health/ready on PORT for probes.
void runApplication({ role: 'worker', compose: (context) => AppModule.compose(context) });
