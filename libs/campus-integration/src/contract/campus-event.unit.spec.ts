import { allTypesInOrder, sampleEvent, type SampleCompany } from '../testing/campus-event-samples';
import { campusEventSources as sources } from '../testing/campus-sources';
import { CampusEventRejected, toCampusEvent } from './campus-event';
import { campusEventTypes } from './campus-event-data';
import { campusEventFromKafka } from './kafka-message';
import { NotJsonError, parseJsonLosslessly } from './lossless-json';

const acme: SampleCompany = {
  system: 'advancement',
  id: 'ORG-00172',
  name: 'Acme Robotics Inc.',
  domain: 'acmerobotics.com',
};
const gift = sampleEvent('edu.university.advancement.gift-received.v1', acme, '88412');

function rejectionOf(run: () => unknown): CampusEventRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof CampusEventRejected) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('parseJsonLosslessly', () => {
  it('keeps as text a number that a double would change, and every other number as a number', () => {
    expect(
      parseJsonLosslessly('{"a": 123456789012345.1234, "b": 25000.10, "c": -3, "d": "9.99", "e": [1e2]}'),
    ).toEqual({
      a: '123456789012345.1234',
      b: 25000.1,
      c: -3,
      d: '9.99',
      e: [100],
    });
  });

  it('leaves numbers inside strings alone, escaped quotes included', () => {
    expect(
      parseJsonLosslessly('{"note": "say \\"12345678901234567890\\"", "n": 12345678901234567890}'),
    ).toEqual({
      note: 'say "12345678901234567890"',
      n: '12345678901234567890',
    });
  });

  it('says when the text is not JSON', () => {
    expect(() => parseJsonLosslessly('{"specversion": "1.0", oops')).toThrow(NotJsonError);
  });
});

describe('toCampusEvent', () => {
  it('accepts a sample of every contract type', () => {
    expect(allTypesInOrder).toHaveLength(12);
    expect([...allTypesInOrder].sort()).toEqual([...campusEventTypes].sort());
    for (const type of allTypesInOrder)
      expect(toCampusEvent(sampleEvent(type, acme, 'x'), { sources }).type).toBe(type);
  });

  it('reads the contract example, keeping the money exact and the time as business time', () => {
    const event = toCampusEvent(gift, { sources });
    expect(event).toMatchObject({
      id: 'gift-received-88412',
      source: '/campus/advancement',
      time: '2026-03-02T15:04:05.000Z',
      data: { amount: { amount: '25000.00', currency: 'USD' }, company: acme },
    });
  });

  it('keeps a JSON number amount exact, even one a double cannot hold', () => {
    const text = JSON.stringify(gift).replace('"amount":"25000.00"', '"amount":123456789012345.1234');
    const event = toCampusEvent(parseJsonLosslessly(text), { sources });
    expect(event.data).toMatchObject({ amount: { amount: '123456789012345.1234', currency: 'USD' } });
    const small = toCampusEvent(
      { ...gift, data: { ...gift.data, amount: { amount: 0.3, currency: 'USD' } } },
      { sources },
    );
    expect(small.data).toMatchObject({ amount: { amount: '0.30' } });
  });

  it.each([
    ['no time', { time: undefined }, 'time'],
    ['a time that is only a date', { time: '2026-03-02' }, 'time'],
    ['another specversion', { specversion: '0.3' }, 'specversion'],
    ['no id', { id: '' }, 'id'],
  ])('refuses an envelope with %s as an invalid CloudEvent', (_what, change, field) => {
    const rejection = rejectionOf(() => toCampusEvent({ ...gift, ...change }, { sources }));
    expect(rejection.reason).toBe('invalid-cloudevent');
    expect(rejection.issues.map((issue) => issue.field)).toContain(field);
  });

  it('refuses a source that is not configured', () => {
    const rejection = rejectionOf(() => toCampusEvent({ ...gift, source: '/campus/cafeteria' }, { sources }));
    expect(rejection).toMatchObject({ reason: 'invalid-cloudevent', issues: [{ field: 'source' }] });
  });

  it('refuses an unknown type', () => {
    const rejection = rejectionOf(() =>
      toCampusEvent({ ...gift, type: 'edu.university.advancement.gift-received.v2' }, { sources }),
    );
    expect(rejection.reason).toBe('unknown-type');
  });

  it.each([
    ['an enum value not in the contract', { giftType: 'CHEQUE' }, 'data.giftType'],
    ['a date that does not exist', { receivedOn: '2026-02-30' }, 'data.receivedOn'],
    ['money with a comma', { amount: { amount: '25,00', currency: 'USD' } }, 'data.amount.amount'],
    ['a lower-case currency', { amount: { amount: '25.00', currency: 'usd' } }, 'data.amount.currency'],
    ['no company name', { company: { system: 'advancement', id: 'ORG-1' } }, 'data.company.name'],
    [
      'a company domain that is not one',
      { company: { ...acme, domain: 'not a domain' } },
      'data.company.domain',
    ],
  ])('refuses data with %s, naming the field', (_what, change, field) => {
    const rejection = rejectionOf(() =>
      toCampusEvent({ ...gift, data: { ...gift.data, ...change } }, { sources }),
    );
    expect(rejection.reason).toBe('invalid-data');
    expect(rejection.issues.map((issue) => issue.field)).toContain(field);
  });

  it('refuses a student reference that is an email address', () => {
    const placed = sampleEvent('edu.university.careers.intern-placed.v1', acme, 'p');
    const rejection = rejectionOf(() =>
      toCampusEvent({ ...placed, data: { ...placed.data, studentRef: 'ada@university.edu' } }, { sources }),
    );
    expect(rejection).toMatchObject({ reason: 'invalid-data', issues: [{ field: 'data.studentRef' }] });
  });

  it('hashes the content: the same event the same, a changed one differently', () => {
    const hash = toCampusEvent(gift, { sources }).contentHash;
    expect(toCampusEvent({ ...gift, datacontenttype: 'application/json' }, { sources }).contentHash).toBe(
      hash,
    );
    const changed = { ...gift, data: { ...gift.data, designation: 'General Fund' } };
    expect(toCampusEvent(changed, { sources }).contentHash).not.toBe(hash);
  });
});

describe('campusEventFromKafka', () => {
  const structured = {
    key: Buffer.from('advancement:ORG-00172'),
    value: Buffer.from(JSON.stringify(gift)),
    headers: { 'content-type': Buffer.from('application/cloudevents+json') },
  };
  const { data, ...attributes } = gift;
  const binary = {
    key: Buffer.from('advancement:ORG-00172'),
    value: Buffer.from(JSON.stringify(data)),
    headers: {
      'content-type': Buffer.from('application/json'),
      ...Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [`ce_${name}`, Buffer.from(value)]),
      ),
    },
  };

  it('reads structured and binary mode to the same event', () => {
    const fromStructured = campusEventFromKafka(structured, { sources });
    expect(campusEventFromKafka(binary, { sources })).toEqual(fromStructured);
    expect(fromStructured.data).toMatchObject({ giftId: 'G-88412' });
  });

  it('reads a value without headers as a structured CloudEvent', () => {
    expect(campusEventFromKafka({ ...structured, headers: {} }, { sources }).id).toBe(gift.id);
  });

  it('dead-letters a value that is not JSON as not-json', () => {
    const rejection = rejectionOf(() =>
      campusEventFromKafka({ ...structured, value: Buffer.from('<xml/>') }, { sources }),
    );
    expect(rejection.reason).toBe('not-json');
    const binaryRejection = rejectionOf(() =>
      campusEventFromKafka({ ...binary, value: Buffer.from('{') }, { sources }),
    );
    expect(binaryRejection.reason).toBe('not-json');
  });

  it('refuses a binary message without its required attributes', () => {
    const headers: Record<string, Buffer> = { ...binary.headers };
    delete headers.ce_type;
    expect(rejectionOf(() => campusEventFromKafka({ ...binary, headers }, { sources })).reason).toBe(
      'invalid-cloudevent',
    );
  });
});
