import type { Response } from 'express';
import { sendQbo, withTime } from './respond.js';
import { pacificMillis } from './time.js';

/**
 * The Fault bodies and HTTP statuses the real Accounting API returns. Shapes and texts come from
 * shared/reference/quickbooks.md §2.5 and §7 and from public issue threads quoting real responses.
 */
export interface QboError {
  status: number;
  type: 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault' | 'SERVICE';
  code: string;
  message: string;
  detail: string;
  element?: string;
}

export function sendFault(res: Response, now: number, error: QboError): void {
  const entry = {
    Message: error.message,
    Detail: error.detail,
    code: error.code,
    element: error.element ?? '',
  };
  sendQbo(res, error.status, withTime({ Fault: { Error: [entry], type: error.type } }, now));
}

export const faults = {
  queryParser: (detail: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '4000',
    message: 'Error parsing query',
    detail: `QueryParserError: ${detail}`,
  }),
  queryValidation: (detail: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '4001',
    message: 'Invalid query',
    detail: `QueryValidationError: ${detail}`,
  }),
  notFound: (): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '610',
    message: 'Object Not Found',
    detail:
      "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
  }),
  invalidReference: (element: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '2500',
    message: 'Invalid Reference Id',
    detail:
      "Invalid Reference Id : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
    element,
  }),
  staleObject: (): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '5010',
    message: 'Stale Object Error',
    detail:
      'Stale Object Error : You and Sandbox User were working on this at the same time. Sandbox User finished before you did, so your work was not saved.',
  }),
  requiredParam: (param: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '2020',
    message: 'Required param missing, need to supply the required value for the API',
    detail: `Required parameter ${param} is missing in the request`,
    element: param,
  }),
  stringLength: (element: string, max: number, supplied: number): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '2050',
    message: 'String length is either shorter or longer than supported by specification',
    detail: `String length specified does not match the supported length. Min:0 Max:${max} supplied length:${supplied}`,
    element,
  }),
  invalidProperty: (detail: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '2010',
    message: 'Request has invalid or unsupported property',
    detail: `Property Name:${detail}`,
  }),
  unsupportedOperation: (path: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '500',
    message: 'Unsupported Operation',
    detail: `Operation ${path} is not supported.`,
  }),
  cdcTooOld: (changedSince: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '10000',
    message: 'An application error has occurred while processing your request',
    detail: `Operation cdc with changedSince date ${changedSince} which is older than fixed days is not supported.`,
  }),
  invalidMinorVersion: (value: string): QboError => ({
    status: 400,
    type: 'ValidationFault',
    code: '4000',
    message: 'Invalid minor version',
    detail: `Minor version ${value} is not supported. Supported minor versions are 1 to 75.`,
  }),
  authentication: (): QboError => ({
    status: 401,
    type: 'AuthenticationFault',
    code: '3200',
    message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    detail: '',
  }),
  authorization: (): QboError => ({
    status: 403,
    type: 'AuthorizationFault',
    code: '3100',
    message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403',
    detail: '',
  }),
  throttled: (): QboError => ({
    status: 429,
    type: 'SERVICE',
    code: '3001',
    message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    detail: 'The request limit was reached.  Try again later',
  }),
  systemFailure: (status: number): QboError => ({
    status,
    type: 'SystemFault',
    code: '10000',
    message: 'An application error has occurred while processing your request',
    detail: 'System Failure Error: Service Unavailable',
  }),
};

/** The throttle reply as QBO's gateway often sends it: XML, even to `Accept: application/json`. */
export function sendXmlThrottle(res: Response, now: number): void {
  const error = faults.throttled();
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${pacificMillis(now)}">` +
    `<Fault type="SERVICE"><Error code="${error.code}"><Message>${error.message}</Message>` +
    `<Detail>${error.detail}</Detail></Error></Fault></IntuitResponse>`;
  res.status(429).type('application/xml;charset=UTF-8').send(xml);
}
