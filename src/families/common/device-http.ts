import { type HttpRequestOptions, type HttpResponse, requestHttp } from '../../net/http-client.ts';

/**
 * Every HTTP exchange a family has with its devices. It opens nothing once the caller's signal has fired: adapters
 * carry on after a failed request (the next path, the next check), and after their deadline or a cancel that must
 * cost no further connection. The rejection is the signal's reason, as an abort mid-request gives.
 */
export async function deviceHttp(options: HttpRequestOptions): Promise<HttpResponse> {
  options.signal?.throwIfAborted();
  return requestHttp(options);
}
