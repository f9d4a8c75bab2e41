/** The Link Authentication Element, inside the frame: one **Email** field; its value is `{email}`. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Json } from "../api-client";
import type { FieldState } from "../card-validation";
import { COMPLETE, FrameForm, type Emit } from "./form";

function checkEmail(value: string): FieldState {
  const v = value.trim();
  if (!v) return { state: "empty", message: "Your email is incomplete.", code: "incomplete_email" };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return { state: "invalid", message: "Your email address is invalid.", code: "invalid_email" };
  return COMPLETE;
}

export class EmailForm extends FrameForm {
  readonly elementType = "linkAuthentication";

  constructor(emit: Emit, options: Json) {
    super(emit, options);
    this.root.setAttribute("data-stripe-emulator-element", "linkAuthentication");
    this.root.append(this.input("email", "Email", { name: "email", type: "email", autocomplete: "email", inputmode: "email" }));
    const input = this.controls.get("email")!;
    // Stripe's own id for this input is `email`.
    input.id = "email";
    this.root.querySelector("label")!.htmlFor = "email";
    if (options?.defaultValues?.email) input.value = options.defaultValues.email;
    this.finish();
  }

  protected states(): [string, FieldState][] {
    const s = checkEmail(this.value("email"));
    // An invalid address is only shown once the field is left (the user may still be typing).
    return [["email", s.state === "invalid" ? { ...s, state: "incomplete" } : s]];
  }

  protected changeDetails(): Json {
    return { value: { email: this.value("email").trim() } };
  }

  getValue(): Json {
    this.validate();
    const { complete, value } = this.current();
    return { complete, value };
  }
}
