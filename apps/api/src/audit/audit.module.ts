import { Module } from '@nestjs/common';
import { PartnerHistoryReader, PartnerSnapshots, PartnerStateReader } from '@continuum/audit';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { DataSource } from 'typeorm';
import { AuditController } from './audit.controller';
import { sqlQueryOf } from './sql-query';

/** /v1/audit: history, state as of a moment, tamper evidence; auditors only, read-only, every read recorded. */
@Module({
  controllers: [AuditController],
  providers: [
    {
      provide: PartnerHistoryReader,
      useFactory: (store: EventStore, dataSource: DataSource) =>
        new PartnerHistoryReader(store, sqlQueryOf(dataSource)),
      inject: [EVENT_STORE, DataSource],
    },
    {
      provide: PartnerStateReader,
      useFactory: (history: PartnerHistoryReader, dataSource: DataSource) =>
        new PartnerStateReader(history, new PartnerSnapshots(sqlQueryOf(dataSource))),
      inject: [PartnerHistoryReader, DataSource],
    },
  ],
})
export class AuditApiModule {}
