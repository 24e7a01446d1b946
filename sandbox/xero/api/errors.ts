import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/**
 * Xero's error bodies. Authentication and authorisation failures are RFC 7807 problem documents
 * (`{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: …"}`); accounting errors use the
 * `Error` schema of xero_accounting.yaml (`ErrorNumber`, `Type`, `Message`, `Elements`).
 */
export function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).json({
    Type: null,
    Title: title,
    Status: status,
    Detail: detail,
    Instance: randomUUID(),
    Extensions: {},
  });
}

export function unauthorized(res: Response, detail: string, description: string): void {
  res.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  problem(res, 401, 'Unauthorized', detail);
}

/** Unknown or disconnected tenant, or a revoked connection (reference §1.5, pitfalls B05). */
export function forbidden(res: Response): void {
  problem(res, 403, 'Forbidden', 'AuthenticationUnsuccessful');
}

/** The token lacks the scope the endpoint needs. */
export function scopeMissing(res: Response): void {
  problem(res, 401, 'Unauthorized', 'AuthorizationUnsuccessful');
}

export interface ValidationElement {
  [field: string]: unknown;
  ValidationErrors: { Message: string }[];
}

export function validationException(res: Response, elements: ValidationElement[]): void {
  res.status(400).json({
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements,
  });
}

export function queryParseException(res: Response, message: string): void {
  res.status(400).json({ ErrorNumber: 16, Type: 'QueryParseException', Message: message });
}

export function postDataInvalid(res: Response, message: string): void {
  res.status(400).json({ ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message });
}

export function notFound(res: Response): void {
  res.status(404).type('text/plain').send("The resource you're looking for cannot be found");
}

export function methodNotAllowed(res: Response, allow: string): void {
  res.set('Allow', allow);
  problem(res, 405, 'Method Not Allowed', 'The requested resource does not support this HTTP method');
}

export function serverError(res: Response): void {
  problem(
    res,
    500,
    'An error occurred',
    'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
  );
}
