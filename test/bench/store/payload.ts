import { randomUUID } from 'node:crypto';

/** A gift as the advancement office records it: about 300 bytes of JSON, like most of our events. */
export const giftReceivedData = {
  giftId: '7d2c9a4e-3b1f-4c8e-9a6d-5e2f1b0c8d7a',
  partnerId: '1f4e8b2a-9c3d-4e7f-8a1b-2c3d4e5f6a7b',
  amount: { amount: '25000.00', currency: 'EUR' },
  receivedOn: '2025-03-14',
  designation: 'Engineering scholarship fund',
  channel: 'bank-transfer',
  reference: 'SEPA-2025-000123',
  note: 'Annual gift under the 2024-2027 agreement',
} as const;

export const benchMetadata = {
  correlationId: 'c0a80101-0000-4000-8000-000000000001',
  causationId: 'c0a80101-0000-4000-8000-000000000002',
  actor: 'staff-1042',
  sourceSystem: 'continuum-bench',
} as const;

export type GiftReceivedData = typeof giftReceivedData;
export type BenchMetadata = typeof benchMetadata;

export interface BenchEvent {
  readonly id: string;
  readonly type: 'GiftReceived';
  readonly data: GiftReceivedData;
  readonly metadata: BenchMetadata;
}

export const newBenchEvents = (count: number): BenchEvent[] =>
  Array.from({ length: count }, () => ({
    id: randomUUID(),
    type: 'GiftReceived',
    data: giftReceivedData,
    metadata: benchMetadata,
  }));

export const payloadBytes = {
  data: Buffer.byteLength(JSON.stringify(giftReceivedData)),
  metadata: Buffer.byteLength(JSON.stringify(benchMetadata)),
};
