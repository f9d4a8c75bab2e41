import { domainErrorResponse } from "../errors";
import type { ErrorContract } from "./index";

/**
 * Twilio's Generic Pay Connector reads every answer as {error_code, error_message} (with
 * charge_id / token_id null on a failure): refusals keep their HTTP status (400 for a field, 401
 * for credentials, 429 with Retry-After) and name the problem in error_message.
 */
export const twilioPay: ErrorContract = {
  name: "twilio-pay",
  respond(err) {
    const fields = err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ") : null;
    return domainErrorResponse(err, { charge_id: null, error_code: err.code, error_message: fields ?? err.message });
  },
};
