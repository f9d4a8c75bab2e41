import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { AddUserForm } from "@/components/admin/user-forms";
import { addUserAction } from "../actions";

export const metadata: Metadata = { title: "Add a user" };

export default function AddUserPage() {
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: "Users", href: "/admin/users" }, { label: "Add" }]} />
      <h1 className="text-3xl font-semibold tracking-tight">Add a user</h1>
      <AddUserForm action={addUserAction} />
    </div>
  );
}
