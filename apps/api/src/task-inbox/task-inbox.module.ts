import { Module } from '@nestjs/common';
import { TaskInboxController } from './task-inbox.controller';

@Module({ controllers: [TaskInboxController] })
export class TaskInboxApiModule {}
