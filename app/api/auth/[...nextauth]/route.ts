import { handlers } from "@/lib/auth/auth";
import { audited } from "@/lib/http/audit";

// Auth.js's own endpoints (sign-in, sign-out, callbacks). Not wrapped by route(), so its POSTs
// get the audit hook here: the form's password and csrfToken are stored as [redacted].
// GET is not audited, but gets the X-Request-Id header every answer carries.
export const GET = audited(handlers.GET);
export const POST = audited(handlers.POST);
