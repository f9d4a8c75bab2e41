import { addUser, adminNewUserSchema, listUsersWithTotals, toAdminUserDto } from "@/lib/admin/users";
import { usersQuerySchema } from "@/lib/admin/queries";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/users?q=&cursor=&limit=: users newest first with order count and lifetime value (minor units of the store currency); pass next_cursor back as cursor.
export const GET = route({ auth: "admin", query: usersQuerySchema }, async ({ query }) => {
  const page = await listUsersWithTotals(query);
  return json({ data: page.users.map(toAdminUserDto), currency: page.currency, next_cursor: page.nextCursor });
});

// POST /api/v1/admin/users {email, name?, role?, password? | send_set_password_link: true} → 201 the user.
export const POST = route({ auth: "admin", body: adminNewUserSchema }, async ({ body, user }) => json({ data: toAdminUserDto(await addUser(body, user)) }, 201));
