import type { Metadata } from "next";
import { Crumbs } from "@/components/admin/page-parts";
import { AddUserForm } from "@/components/admin/user-forms";
import { addUserAction } from "../actions";

export const metadata: Metadata = { title: "Add a user" };

export default function AddUserPage() {
  return (
    <div className="space-y-6">
      <Crumbs parent={{ href: "/admin/users", label: "Users" }} current={"Add"} />
      <h1 className="text-3xl font-semibold tracking-tight">Add a user</h1>
      <AddUserForm action={addUserAction} />
    </div>
  );
}
