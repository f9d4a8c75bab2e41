import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { orderPath, orderReference, type OrderWithItems } from "@/lib/orders";
import { addressLines } from "@/lib/shipping";

export type RenderedEmail = { subject: string; html: string; text: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function layout(title: string, body: string): string {
  const store = escapeHtml(env().STORE_NAME);
  return `<!doctype html><html><body style="margin:0;background:#f5f5f4;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1c1917">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#fff;border-radius:12px;padding:32px">
<tr><td><p style="margin:0 0 8px;font-weight:600;color:#255a4c">${store}</p><h1 style="margin:0 0 16px;font-size:22px">${escapeHtml(title)}</h1>${body}</td></tr>
</table></td></tr></table></body></html>`;
}

function itemsTable(order: OrderWithItems): { html: string; text: string } {
  const rows = order.items
    .map(
      (i) =>
        `<tr><td style="padding:6px 0">${escapeHtml(i.name)} × ${i.quantity}</td><td align="right">${formatMoney(i.unitAmount * i.quantity, order.currency)}</td></tr>`,
    )
    .join("");
  const total = formatMoney(order.amountTotal, order.currency);
  // The total's parts, for orders that have them (shipping and tax); older orders are all subtotal.
  const parts: [string, string][] = [];
  if (order.shippingAddress || order.amountTax > 0) {
    parts.push(["Subtotal", formatMoney(order.amountSubtotal ?? order.amountTotal, order.currency)]);
    if (order.shippingAddress) parts.push([`Shipping (${order.shippingRateName ?? "standard"})`, order.amountShipping === 0 ? "Free" : formatMoney(order.amountShipping, order.currency)]);
    parts.push([order.taxInclusive ? "Tax (included)" : "Tax", formatMoney(order.amountTax, order.currency)]);
  }
  const partRows = parts.map(([k, v]) => `<tr><td style="padding:4px 0;color:#57534e">${escapeHtml(k)}</td><td align="right">${escapeHtml(v)}</td></tr>`).join("");
  const address = order.shippingAddress ? addressLines(order.shippingAddress) : null;
  const addressHtml = address ? `<p style="font-size:14px"><strong>Shipping to</strong><br>${address.map(escapeHtml).join("<br>")}</p>` : "";
  const addressText = address ? `\n\nShipping to:\n${address.join("\n")}` : "";
  return {
    html: `<table role="presentation" width="100%" style="border-collapse:collapse;font-size:14px">${rows}${partRows}<tr><td style="padding-top:12px;border-top:1px solid #e7e5e4;font-weight:600">Total</td><td align="right" style="padding-top:12px;border-top:1px solid #e7e5e4;font-weight:600">${total}</td></tr></table>${addressHtml}`,
    text: `${order.items.map((i) => `${i.name} x ${i.quantity}  ${formatMoney(i.unitAmount * i.quantity, order.currency)}`).join("\n")}\n${parts.map(([k, v]) => `${k}  ${v}\n`).join("")}Total  ${total}${addressText}`,
  };
}

export function renderReceipt(order: OrderWithItems): RenderedEmail {
  const items = itemsTable(order);
  const link = `${env().appUrl}${orderPath(order)}`;
  const subject = `Your ${env().STORE_NAME} receipt for order ${orderReference(order.number)}`;
  return {
    subject,
    html: layout(
      `Thank you for your order ${orderReference(order.number)}`,
      `<p>We received your payment of <strong>${formatMoney(order.amountTotal, order.currency)}</strong>.</p>${items.html}<p style="font-size:13px;color:#57534e">Payment reference: ${escapeHtml(order.paymentIntentId ?? "")}</p><p><a href="${escapeHtml(link)}">View your order</a></p>`,
    ),
    text: `Thank you for your order ${orderReference(order.number)}.\n\nWe received your payment of ${formatMoney(order.amountTotal, order.currency)}.\n\n${items.text}\n\nPayment reference: ${order.paymentIntentId ?? ""}\nView your order: ${link}\n`,
  };
}

export function renderPaymentFailed(order: OrderWithItems): RenderedEmail {
  const reason = order.lastPaymentError ?? "Your card was declined.";
  const link = `${env().appUrl}/checkout`;
  return {
    subject: `Payment for order ${orderReference(order.number)} did not go through`,
    html: layout(
      "Your payment did not go through",
      `<p>We could not take the payment of <strong>${formatMoney(order.amountTotal, order.currency)}</strong> for order ${orderReference(order.number)}.</p><p>${escapeHtml(reason)}</p><p><a href="${escapeHtml(link)}">Try another card</a></p>`,
    ),
    text: `We could not take the payment of ${formatMoney(order.amountTotal, order.currency)} for order ${orderReference(order.number)}.\n\n${reason}\n\nTry another card: ${link}\n`,
  };
}

export function renderRefund(order: OrderWithItems, amount: number, refundedTotal: number): RenderedEmail {
  const money = formatMoney(amount, order.currency);
  const whole = refundedTotal >= order.amountTotal;
  const total = formatMoney(refundedTotal, order.currency);
  const link = `${env().appUrl}${orderPath(order)}`;
  const note = whole ? "Your order has been refunded in full." : `In all, ${total} of ${formatMoney(order.amountTotal, order.currency)} has been refunded.`;
  return {
    subject: `Your refund of ${money} for order ${orderReference(order.number)}`,
    html: layout(
      `We refunded ${money}`,
      `<p>We refunded <strong>${money}</strong> for order ${orderReference(order.number)} to the card you paid with. It may take 5–10 days to show on your statement.</p><p>${escapeHtml(note)}</p><p><a href="${escapeHtml(link)}">View your order</a></p>`,
    ),
    text: `We refunded ${money} for order ${orderReference(order.number)} to the card you paid with. It may take 5-10 days to show on your statement.\n\n${note}\n\nView your order: ${link}\n`,
  };
}

export type SubscriptionEmailKind = "subscription_started" | "subscription_renewed" | "subscription_changed" | "subscription_payment_failed" | "subscription_canceled";
export type SubscriptionEmailData = { planName: string; amount: number | null; currency: string | null; periodEnd: Date | null; reason?: string | null };

const longDate = (d: Date | null) => (d ? new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(d) : null);

/** The subscription emails; each links to the subscription page. */
export function renderSubscriptionEmail(kind: SubscriptionEmailKind, data: SubscriptionEmailData): RenderedEmail {
  const store = env().STORE_NAME;
  const link = `${env().appUrl}/account/subscription`;
  const amount = data.amount !== null && data.currency ? formatMoney(data.amount, data.currency) : null;
  const until = longDate(data.periodEnd);
  const content: Record<SubscriptionEmailKind, { subject: string; title: string; lines: string[]; cta: string }> = {
    subscription_started: {
      subject: `Welcome to ${store} ${data.planName}`,
      title: `Your ${data.planName} subscription has started`,
      lines: [amount ? `We received your payment of ${amount}.` : "Your subscription is active.", until ? `Your plan renews on ${until}.` : ""],
      cta: "Manage your subscription",
    },
    subscription_renewed: {
      subject: `Your ${store} ${data.planName} receipt`,
      title: `Your ${data.planName} subscription was renewed`,
      lines: [amount ? `We received your payment of ${amount}.` : "We received your payment.", until ? `Your plan now runs until ${until}.` : ""],
      cta: "See your invoices",
    },
    subscription_changed: {
      subject: `Your ${store} ${data.planName} receipt`,
      title: `You switched to ${data.planName}`,
      lines: [amount ? `We received your payment of ${amount} for the rest of this period on ${data.planName}.` : "We received your payment.", until ? `Your plan renews on ${until}.` : ""],
      cta: "See your invoices",
    },
    subscription_payment_failed: {
      subject: `Your ${store} ${data.planName} payment did not go through`,
      title: "Your subscription payment did not go through",
      lines: [amount ? `We could not take the payment of ${amount} for your ${data.planName} plan.` : `We could not take the payment for your ${data.planName} plan.`, data.reason ?? "", "Update your card to keep your subscription."],
      cta: "Update your card",
    },
    subscription_canceled: {
      subject: `Your ${store} ${data.planName} subscription has ended`,
      title: `Your ${data.planName} subscription has ended`,
      lines: ["We are sorry to see you go. You can subscribe again at any time."],
      cta: "See the plans",
    },
  };
  const c = content[kind];
  const lines = c.lines.filter(Boolean);
  return {
    subject: c.subject,
    html: layout(c.title, `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}<p><a href="${escapeHtml(link)}">${escapeHtml(c.cta)}</a></p>`),
    text: `${c.title}.\n\n${lines.join("\n")}\n\n${c.cta}: ${link}\n`,
  };
}

/** The "reset your password" email: the link (valid one hour, good once) and what to do if it was not you. */
/** An account an admin made without a password: the user chooses one from this link. */
export function renderSetPassword(link: string): RenderedEmail {
  const store = env().STORE_NAME;
  const title = "Choose your password";
  const lines = [`An account at ${store} has been made for you.`, "Choose its password with the link below: it works for one hour and only once."];
  return {
    subject: `Your ${store} account: choose a password`,
    html: layout(title, `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}<p><a href="${escapeHtml(link)}">Choose a password</a></p>`),
    text: `${title}.\n\n${lines.join("\n")}\n\nChoose a password: ${link}\n`,
  };
}

export function renderPasswordReset(link: string): RenderedEmail {
  const store = env().STORE_NAME;
  const title = "Reset your password";
  const lines = [
    `Someone (we hope you) asked to reset the password of your ${store} account.`,
    "The link below works for one hour and only once.",
    "If you did not ask for it, ignore this email: your password stays as it is.",
  ];
  return {
    subject: `Reset your ${store} password`,
    html: layout(title, `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}<p><a href="${escapeHtml(link)}">Choose a new password</a></p>`),
    text: `${title}.\n\n${lines.join("\n")}\n\nChoose a new password: ${link}\n`,
  };
}
