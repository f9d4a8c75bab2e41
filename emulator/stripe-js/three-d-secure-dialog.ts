/**
 * The 3-D Secure challenge: a modal dialog titled "3D Secure 2 Test Page" with Complete and Fail.
 *
 * It is a native `<dialog>` opened with `showModal()`, so the page behind it is inert and focus
 * stays inside it (Tab cycles through its buttons) as a person expects of a bank's challenge; Escape (the dialog's `cancel`) fails
 * the challenge, as closing Stripe's challenge frame does. Focus goes back to where it was.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Json } from "./api-client";
import { installStyles } from "./styles";

/** The amount in words a person reads ("12.50 USD", "1,200 JPY"): Intl knows each currency's decimals. */
function displayAmount(pi: Json): string {
  if (typeof pi.amount !== "number" || typeof pi.currency !== "string") return "";
  try {
    const code = pi.currency.toUpperCase();
    const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    const major = new Intl.NumberFormat("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(pi.amount / 10 ** digits);
    return `${major} ${code}`;
  } catch {
    return "";
  }
}

export function showChallenge(pi: Json): Promise<"complete" | "fail"> {
  installStyles();
  return new Promise((resolve) => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = document.createElement("dialog");
    dialog.className = "emu-3ds__box";
    dialog.setAttribute("aria-labelledby", "emu-3ds-title");
    dialog.setAttribute("aria-describedby", "emu-3ds-text");
    const h = document.createElement("h2");
    h.id = "emu-3ds-title";
    h.textContent = "3D Secure 2 Test Page";
    const p = document.createElement("p");
    p.id = "emu-3ds-text";
    const amount = displayAmount(pi);
    p.textContent = `Your bank needs to confirm this payment${amount ? ` of ${amount}` : ""}. This is a test challenge from the Stripe emulator: choose an outcome.`;
    const complete = document.createElement("button");
    complete.type = "button";
    complete.className = "primary";
    complete.textContent = "Complete";
    const fail = document.createElement("button");
    fail.type = "button";
    fail.textContent = "Fail";
    let settled = false;
    const done = (outcome: "complete" | "fail") => {
      if (settled) return;
      settled = true;
      complete.disabled = true;
      fail.disabled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      opener?.focus();
      resolve(outcome);
    };
    complete.addEventListener("click", () => done("complete"));
    fail.addEventListener("click", () => done("fail"));
    // Escape: the browser fires `cancel`; the challenge is abandoned, which fails it.
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      done("fail");
    });
    // A modal dialog keeps the page inert, but Tab past its last button would leave for the
    // browser's own controls: cycle between the two buttons instead.
    dialog.addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const order = [complete, fail];
      const at = order.indexOf(document.activeElement as HTMLButtonElement);
      e.preventDefault();
      order[(at + (e.shiftKey ? -1 : 1) + order.length) % order.length].focus();
    });
    dialog.append(h, p, complete, fail);
    document.body.appendChild(dialog);
    dialog.showModal();
    complete.focus();
  });
}
