import { adminActionsOn } from "@/lib/audit";
import { getUserById } from "@/lib/auth/users";

/** An admin detail page's history: the actions on `target`, each with its admin's email. */
export async function historyOf(target: string) {
  const entries = await adminActionsOn(target);
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => !!id))];
  const actors = new Map((await Promise.all(actorIds.map((id) => getUserById(id)))).filter((u) => u !== null).map((u) => [u.id, u.email]));
  return entries.map((e) => ({ id: e.id, at: e.at, action: e.action, actor: e.actorId ? (actors.get(e.actorId) ?? "a deleted admin") : null, details: e.details }));
}
