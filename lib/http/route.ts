import { ZodError, type z } from "zod";
import { isDomainError } from "@/lib/errors";
import { authenticateRequest, requireAdmin, requireUser, type SessionUser } from "@/lib/auth/request";
import { crossOriginProblem } from "@/lib/auth/same-origin";
import { requireIvrCaller, type IvrCaller } from "@/lib/ivr/caller";
import { withAudit, type AuditMode, type AuditNote } from "./audit";
import { readBody } from "./body";
import { canonical } from "./contracts/canonical";
import type { ErrorContract } from "./contracts";
import { internalErrorResponse, invalidRequest } from "./errors";

/**
 * Who may call a route:
 * - `none`: nobody is looked up;
 * - `optional`: the token or session user, or null;
 * - `user`: a signed-in user or a valid access token, else 401 unauthorized;
 * - `admin`: a user with the admin role, else 401 (nobody) or 403 (someone else);
 * - `ivr`: a phone system (an IVR key, or a trusted network) or an admin, else 401
 *   (lib/ivr/caller.ts); `ctx.ivr` says which, `ctx.user` is the admin if it was one.
 */
export type RouteAuth = "none" | "optional" | "user" | "admin" | "ivr";

type UserFor<A extends RouteAuth> = A extends "user" | "admin" ? SessionUser : A extends "optional" | "ivr" ? SessionUser | null : null;

export type RouteSpec<A extends RouteAuth, B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  auth: A;
  /** Validated JSON body (and, with `forms`, urlencoded or multipart forms, as the older services' clients post). */
  body?: B;
  forms?: boolean;
  /** Validated query string (its parameters as strings). */
  query?: Q;
  /**
   * The route acts on the caller's cookies (cart, session): refuse cross-origin browser requests
   * (lib/auth/same-origin.ts). Checked before anything else.
   */
  sameOrigin?: boolean;
  /** How refusals are answered: the canonical shape unless an older service's contract applies. */
  errors?: ErrorContract;
  /** Which requests the audit log records (lib/http/audit.ts): `changes` (default), `always`, `refusals`, `never`. */
  audit?: AuditMode;
};

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export type RouteContext<A extends RouteAuth, B, Q> = {
  req: Request;
  user: UserFor<A>;
  ivr: A extends "ivr" ? IvrCaller : null;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Record<string, string>;
  /** This request's audit row: the handler may name the key that called (`keyId`). */
  audit: AuditNote;
};

type NextContext = { params?: Promise<Record<string, string | string[]>> };

/** A handler made by route(), carrying its spec: the OpenAPI document (lib/openapi) reads the very schemas it validates with. */
export type RouteHandler = ((req: Request, ctx: NextContext) => Promise<Response>) & { readonly routeSpec?: RouteSpec<RouteAuth, z.ZodType | undefined, z.ZodType | undefined> };

/** The spec route() was given for `handler`, or undefined for a handler route() did not make. */
export function routeSpecOf(handler: unknown): RouteSpec<RouteAuth, z.ZodType | undefined, z.ZodType | undefined> | undefined {
  return typeof handler === "function" ? (handler as RouteHandler).routeSpec : undefined;
}

/**
 * Every route handler goes through here: same-origin check, caller, body and query, then the
 * handler; whatever it throws is answered by the route's error contract (a domain error by its
 * code, a schema failure as invalid_request, anything else a logged 500 with the request id).
 * The spec is kept on the handler (`routeSpecOf`), so the OpenAPI document is generated from the
 * same schemas; the audit hook (lib/http/audit.ts) wraps it all, so refusals are recorded too.
 */
export function route<A extends RouteAuth, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<A, B, Q>,
  handler: (ctx: RouteContext<A, B, Q>) => Promise<Response>,
): RouteHandler {
  const contract = spec.errors ?? canonical;
  // Every IVR call is recorded, whatever its method; elsewhere the calls that change state.
  const wrapped = withAudit<Request, NextContext>(spec.audit ?? (spec.auth === "ivr" ? "always" : "changes"), async (req, nextCtx, audit) => {
    try {
      if (spec.sameOrigin) {
        const problem = crossOriginProblem(req);
        if (problem) throw problem;
      }
      const ivr = spec.auth === "ivr" ? await requireIvrCaller(req) : null;
      const user = ivr ? (ivr.kind === "admin" ? ivr.user : null) : await caller(spec.auth, req);
      audit.userId = user?.id;
      if (ivr?.kind === "key") audit.keyId = ivr.keyId;
      let body: unknown;
      if (spec.body) {
        const result = await readBody(req, spec.body, { forms: spec.forms === true });
        if (!result.ok) throw result.problem;
        body = result.data;
      }
      let query: unknown;
      if (spec.query) {
        const parsed = spec.query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
        if (!parsed.success) throw invalidRequest(parsed.error);
        query = parsed.data;
      }
      const params = Object.fromEntries(
        Object.entries((await nextCtx?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      return await handler({ req, user: user as UserFor<A>, ivr: ivr as RouteContext<A, B, Q>["ivr"], body: body as Parsed<B>, query: query as Parsed<Q>, params, audit });
    } catch (err) {
      return toErrorResponse(err, req, contract);
    }
  });
  return Object.defineProperty(wrapped, "routeSpec", { value: spec, enumerable: false }) as RouteHandler;
}

/** Anything thrown while answering, in the contract's shape; an unexpected error is a logged 500. */
export function toErrorResponse(err: unknown, req?: Request, contract: ErrorContract = canonical): Response {
  if (isDomainError(err)) return contract.respond(err);
  if (err instanceof ZodError) return contract.respond(invalidRequest(err));
  return internalErrorResponse(err, req);
}

function caller(auth: RouteAuth, req: Request): Promise<SessionUser | null> {
  if (auth === "user") return requireUser(req);
  if (auth === "ivr") return Promise.resolve(null);
  if (auth === "admin") return requireAdmin(req);
  return auth === "optional" ? authenticateRequest(req) : Promise.resolve(null);
}
