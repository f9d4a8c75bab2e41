import { handlers } from "@/lib/auth/auth";
import { audited } from "@/lib/http/audit";

// Auth.js's own endpoints (sign-in, sign-out, callbacks). Not wrapped by route(), so its POSTs
// get the audit hook here: the form's password and csrfToken are stored as [redacted].
export const GET = handlers.GET;
export const POST = audited(handlers.POST);
