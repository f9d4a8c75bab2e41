import { z } from "zod";
import { plainText } from "@/lib/validation/text";

/**
 * The body both older token endpoints take (seed 001's POST /api/token/obtain, seed 002's
 * POST /api/api-token-auth/): {username, password}, where the username is the account's email,
 * with Django REST framework's messages for a missing or blank field.
 */
const required = plainText({ error: "This field is required." }).max(254).min(1, { error: "This field may not be blank." });

export const legacyCredentialsSchema = z.object({ username: required, password: required });
