import { Inject, Param, Res } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ValidBody, type CommandAccepted } from '@continuum/http';
import type { DomainCommand, DomainEvent } from '@continuum/kernel';
import type { Response } from 'express';
import type { z } from 'zod';
import type { Aggregate } from '@continuum/platform';
import { CallOf, LineEndpoints, ReadRoute, RecordRoute, type Call, type CommandDoc } from './line-endpoints';

export interface ReadableLineSpec<C extends DomainCommand, E extends DomainEvent, S> {
  readonly aggregate: Aggregate<C, E, S>;
  /** Summary of `GET /{id}`. */
  readonly read: string;
  readonly notFound: `${string}-not-found`;
  /** Name of the id in the path, `id` unless the line is keyed by something else (`eventId`). */
  readonly idParam?: string;
}

export interface RecordedLineSpec<
  B extends z.ZodType,
  C extends DomainCommand,
  E extends DomainEvent,
  S,
> extends ReadableLineSpec<C, E, S> {
  /** `POST /` with a body that carries the new line's id. */
  readonly record: CommandDoc & {
    readonly body: B;
    readonly id: (body: z.output<B>) => string;
    readonly command: (body: z.output<B>) => NoInfer<C>;
  };
}

/** Base of a line's controller: `GET /{id}` folds its stream. Its commands are the subclass's routes. */
export function ReadableLine<C extends DomainCommand, E extends DomainEvent, S>(
  spec: ReadableLineSpec<C, E, S>,
) {
  const idParam = spec.idParam ?? 'id';

  abstract class Readable {
    constructor(@Inject(LineEndpoints) protected readonly lines: LineEndpoints) {}

    @ReadRoute(`:${idParam}`, { summary: spec.read, problems: [spec.notFound] })
    get(@Param(idParam) id: string, @Res({ passthrough: true }) response: Response): Promise<S> {
      return this.lines.read(spec.aggregate, id, response, spec.notFound);
    }
  }
  return Readable;
}

/** As ReadableLine, plus `POST /` that records the line: 201 + Location, or 200 when repeated as is. */
export function RecordedLine<B extends z.ZodType, C extends DomainCommand, E extends DomainEvent, S>(
  spec: RecordedLineSpec<B, C, E, S>,
) {
  const { body: schema, id: idOf, command: commandOf } = spec.record;

  abstract class Recorded extends ReadableLine(spec) {
    @RecordRoute('', spec.record)
    record(@ValidBody(schema) body: z.output<B>, @CallOf() call: Call): Promise<CommandAccepted> {
      const id = idOf(body);
      const collection = Reflect.getMetadata(PATH_METADATA, this.constructor) as string;
      return this.lines.record(spec.aggregate, id, commandOf(body), call, `/v1/${collection}/${id}`);
    }
  }
  return Recorded;
}
