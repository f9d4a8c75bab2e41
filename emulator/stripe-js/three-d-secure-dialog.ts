/** The 3-D Secure challenge: a modal dialog titled "3D Secure 2 Test Page" with Complete and Fail. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Json } from "./api-client";
import { installStyles } from "./styles";

export function showChallenge(pi: Json): Promise<"complete" | "fail"> {
  installStyles();
  return new Promise((resolve) => {
    const overlay = document.createElement("div");
    overlay.className = "emu-3ds";
    const box = document.createElement("div");
    box.className = "emu-3ds__box";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "emu-3ds-title");
    const h = document.createElement("h2");
    h.id = "emu-3ds-title";
    h.textContent = "3D Secure 2 Test Page";
    const p = document.createElement("p");
    const amount = typeof pi.amount === "number" ? `${(pi.amount / 100).toFixed(2)} ${String(pi.currency ?? "").toUpperCase()}` : "";
    p.textContent = `Your bank needs to confirm this payment${amount ? ` of ${amount}` : ""}. This is a test challenge from the Stripe emulator: choose an outcome.`;
    const complete = document.createElement("button");
    complete.type = "button";
    complete.className = "primary";
    complete.textContent = "Complete";
    const fail = document.createElement("button");
    fail.type = "button";
    fail.textContent = "Fail";
    const done = (outcome: "complete" | "fail") => {
      complete.disabled = true;
      fail.disabled = true;
      overlay.remove();
      resolve(outcome);
    };
    complete.addEventListener("click", () => done("complete"));
    fail.addEventListener("click", () => done("fail"));
    box.append(h, p, complete, fail);
    overlay.append(box);
    document.body.appendChild(overlay);
    complete.focus();
  });
}

