import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenProblem, UnauthorizedProblem } from '../problem/problem';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type AuthenticatedRequest } from './decorators';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';
import type { Role } from './principal';

/** Global guard: every route needs a valid bearer token unless marked @Public(), and one of its @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token)
      throw new UnauthorizedProblem('A bearer token is required');
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new UnauthorizedProblem(`Invalid token: ${error.message}`);
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!request.principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenProblem(
        `This needs one of the roles: ${allowed.join(', ') || '(none: route not open)'}`,
      );
    }
    return true;
  }
}
