import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { problemResponse } from '../problem/openapi';
import type { Principal, Role } from './principal';

export const PUBLIC_ROUTE = 'continuum:public';
export const ALLOWED_ROLES = 'continuum:roles';

/** No token needed (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Who may call the route; also documented in OpenAPI as `x-roles`. */
export const Roles = (...allowed: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ALLOWED_ROLES, allowed),
    ApiBearerAuth(),
    ApiExtension('x-roles', allowed),
    ApiUnauthorizedResponse(problemResponse('unauthorized', 'Missing, expired or invalid bearer token')),
    ApiForbiddenResponse(problemResponse('forbidden', `Requires one of the roles: ${allowed.join(', ')}`)),
  );

export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
