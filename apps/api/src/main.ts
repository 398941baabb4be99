import 'reflect-metadata';
import { runApplication } from '@continuum/platform';
import { AppModule } from './app.module';

// The role comes from APP_ROLE (default `all`: HTTP API and background work in one process).
void runApplication({ compose: (context) => AppModule.compose(context) });
