import {
  applyDecorators,
  createParamDecorator,
  Get,
  HttpCode,
  Injectable,
  Post,
  Put,
  type ExecutionContext,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import {
  accepted,
  ApiProblems,
  ApiZodBody,
  etagOf,
  NotFoundProblem,
  parseIfMatch,
  Roles,
  type AuthenticatedRequest,
  type CommandAccepted,
  type Principal,
} from '@continuum/http';
import type { DomainCommand, DomainEvent } from '@continuum/kernel';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { commandContext } from '../shared/command-context';
import { Decide, Load, type Aggregate, type AnyOutcome } from '@continuum/platform';

/** Who asked, the revision they pinned with If-Match, and the response to set status and headers on. */
export interface Call {
  readonly principal: Principal;
  readonly expectedRevision: number | undefined;
  readonly response: Response;
}

export const CallOf = createParamDecorator((_: unknown, context: ExecutionContext): Call => {
  const http = context.switchToHttp();
  const request = http.getRequest<Request & AuthenticatedRequest>();
  if (!request.principal) throw new Error('CallOf used on a route without authentication');
  return {
    principal: request.principal,
    expectedRevision: parseIfMatch(request.headers['if-match']),
    response: http.getResponse<Response>(),
  };
});

interface RouteDoc {
  readonly summary: string;
  readonly problems: readonly string[];
}

export interface CommandDoc extends RouteDoc {
  readonly body: z.ZodType;
}

const recorders = ['staff', 'manager', 'admin'] as const;
const readers = ['staff', 'manager', 'auditor', 'admin'] as const;

const ifMatch = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The revision (ETag) the change was based on; refused with 412 when the line has moved on',
});

const commandRoute = ({ summary, body, problems }: CommandDoc): MethodDecorator =>
  applyDecorators(
    Roles(...recorders),
    ApiOperation({ summary }),
    ApiZodBody(body),
    ifMatch,
    ApiProblems(['invalid-request', ...problems, 'stale-revision']),
  );

/** POST that records a fact: 201 + Location the first time, 200 when it repeats what is recorded. */
export const RecordRoute = (path: string, doc: CommandDoc): MethodDecorator =>
  applyDecorators(
    Post(path),
    commandRoute(doc),
    ApiResponse({ status: 201, description: 'Recorded; Location names the line, ETag its revision' }),
    ApiResponse({ status: 200, description: 'Already recorded with the same details: nothing changed' }),
  );

/** A command on a recorded line: 200 with the revision after it (unchanged when it repeats itself). */
export const ChangeRoute = (method: 'POST' | 'PUT', path: string, doc: CommandDoc): MethodDecorator =>
  applyDecorators(method === 'POST' ? Post(path) : Put(path), HttpCode(200), commandRoute(doc));

export const ReadRoute = (path: string, { summary, problems }: RouteDoc): MethodDecorator =>
  applyDecorators(Get(path), Roles(...readers), ApiOperation({ summary }), ApiProblems(problems));

/** Runs the commands and queries of every continuum line, so their controllers only map HTTP to commands. */
@Injectable()
export class LineEndpoints {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Clients may retry a recording safely: an identical repeat appends nothing and answers 200. */
  async record<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    id: string,
    command: C,
    call: Call,
    location: string,
  ): Promise<CommandAccepted> {
    const outcome = await this.run(aggregate, id, command, call);
    if (outcome.events.length > 0) call.response.status(201).location(location);
    else call.response.status(200);
    return accepted(call.response, id, outcome);
  }

  async change<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    id: string,
    command: C,
    call: Call,
    occurredAt?: string,
  ): Promise<CommandAccepted> {
    return accepted(call.response, id, await this.run(aggregate, id, command, call, occurredAt));
  }

  /** The line folded from its stream, with its revision as ETag; 404 `notFoundCode` when never recorded. */
  async read<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    id: string,
    response: Response,
    notFoundCode: `${string}-not-found`,
  ): Promise<S> {
    const { state, revision } = await this.queries.execute(Load.of(aggregate, id));
    const noun = notFoundCode.replace(/-not-found$/, '').replaceAll('-', ' ');
    if (revision < 0) throw new NotFoundProblem(notFoundCode, `No ${noun} ${id} is recorded`);
    response.setHeader('ETag', etagOf(revision));
    return state as S;
  }

  private run<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    id: string,
    command: C,
    { principal, expectedRevision }: Call,
    occurredAt?: string,
  ): Promise<AnyOutcome> {
    const context = commandContext(principal, { expectedRevision, occurredAt });
    return this.commands.execute(Decide.on(aggregate, id, command, context));
  }
}
