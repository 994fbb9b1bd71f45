/** An error answer of the fake, shaped like the API's: `{class, message, errorCode?, httpCode}`. */
export class FakeApiError extends Error {
  /** An answer with an HTTP status, the API's class and message, and an error code when the API gives one. */
  constructor(
    readonly status: number,
    message: string,
    readonly errorClass: string,
    readonly errorCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The JSON body. */
  body(): Record<string, unknown> {
    const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 429: 'Too Many Requests', 460: 'Service Expired', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable' }[this.status] ?? 'Error';
    return { class: this.errorClass, message: this.message, httpCode: `${this.status} ${reason}`, ...(this.errorCode ? { errorCode: this.errorCode } : {}) };
  }
}

/** 400 with the API's class. */
export const badRequest = (message: string) => new FakeApiError(400, message, 'Client::BadRequest');
/** 403 (not a NOT_GRANTED_CALL: the account may not do this). */
export const forbidden = (message: string) => new FakeApiError(403, message, 'Client::Forbidden');
/** 404. */
export const notFound = (message: string) => new FakeApiError(404, message, 'Client::NotFound');
/** 409. */
export const conflict = (message: string) => new FakeApiError(409, message, 'Client::Conflict');
/** 460: the service has expired. */
export const serviceExpired = (name: string) => new FakeApiError(460, `The service ${name} is expired`, 'Client::ServiceExpired');
