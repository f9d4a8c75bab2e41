/**
 * The emulator's customer-facing pages (server.ts serves them under `/_emulator/`): the hosted
 * invoice page an invoice's `hosted_invoice_url` points at (an open invoice can be paid there with
 * the Payment Element), and the receipt a charge's `receipt_url` points at.
 */
import { formatMoney } from "./money";
import type { Obj } from "./store";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1f36}table{width:100%;border-collapse:collapse}td,th{padding:.4rem 0;border-bottom:1px solid #e3e8ee;text-align:left}td:last-child,th:last-child{text-align:right}button{font-size:1rem;padding:.6rem 1.4rem;margin-top:1rem;background:#635bff;color:#fff;border:0;border-radius:6px}#error{color:#df1b41}.muted{color:#697386;font-size:.9rem}";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

const date = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** A page for an id that names nothing (404). */
export function notFoundPage(what: string): string {
  return page(`${what} not found`, `<h1>${escapeHtml(what)} not found</h1><p>The Stripe emulator has no such ${escapeHtml(what.toLowerCase())}.</p>`);
}

/** `hosted_invoice_url`: the invoice, and for an open one with a PaymentIntent a Payment Element to pay it. */
export function hostedInvoicePage(invoice: Obj): string {
  const money = (n: number) => formatMoney(n, invoice.currency);
  const lines = (invoice.lines?.data ?? [])
    .map((l: Obj) => `<tr><td>${escapeHtml(String(l.description ?? ""))}</td><td>${escapeHtml(money(l.amount))}</td></tr>`)
    .join("");
  const status = invoice.status === "paid" ? "Paid" : invoice.status === "void" ? "Void" : invoice.status === "open" ? "Due" : String(invoice.status);
  const secret: string | undefined = invoice.status === "open" ? invoice.confirmation_secret?.client_secret : undefined;
  const payForm = secret
    ? `<form id="pay"><div id="payment-element"></div><button type="submit">Pay ${escapeHtml(money(invoice.amount_remaining))}</button><p id="error" role="alert"></p></form>
<script src="/v3/stripe.js"></script>
<script>
const stripe = Stripe("pk_test_emulator_hosted_invoice");
const elements = stripe.elements({ clientSecret: ${JSON.stringify(secret)} });
elements.create("payment").mount("#payment-element");
document.getElementById("pay").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await stripe.confirmPayment({ elements, redirect: "if_required", confirmParams: { return_url: location.href } });
  if (result.error) document.getElementById("error").textContent = result.error.message;
  else location.reload();
});
</script>`
    : "";
  return page(
    `Invoice ${invoice.number ?? invoice.id}`,
    `<p class="muted">${escapeHtml(String(invoice.account_name ?? ""))}</p>
<h1>Invoice ${escapeHtml(String(invoice.number ?? invoice.id))}</h1>
<p><strong data-testid="invoice-status">${escapeHtml(status)}</strong> · ${escapeHtml(money(invoice.status === "paid" ? invoice.amount_paid : invoice.amount_remaining))}</p>
<p class="muted">Billed to ${escapeHtml(String(invoice.customer_email ?? invoice.customer))} · issued ${date(invoice.created)}</p>
<table><thead><tr><th>Description</th><th>Amount</th></tr></thead><tbody>${lines}</tbody>
<tfoot><tr><th>Total</th><th>${escapeHtml(money(invoice.total))}</th></tr><tr><th>Amount paid</th><th>${escapeHtml(money(invoice.amount_paid))}</th></tr></tfoot></table>
${payForm}`,
  );
}

/** `receipt_url`: what was paid, when, with which card, and what was refunded. */
export function receiptPage(charge: Obj, accountName: string): string {
  const money = (n: number) => formatMoney(n, charge.currency);
  const card = charge.payment_method_details?.card;
  const refunded = charge.amount_refunded > 0 ? `<tr><td>Refunded</td><td>−${escapeHtml(money(charge.amount_refunded))}</td></tr>` : "";
  return page(
    `Receipt from ${accountName}`,
    `<h1>Receipt from ${escapeHtml(accountName)}</h1>
<p class="muted">Receipt for ${escapeHtml(charge.id)}${charge.receipt_email ? ` · sent to ${escapeHtml(String(charge.receipt_email))}` : ""}</p>
<table><tbody>
<tr><td>Amount paid</td><td data-testid="receipt-amount">${escapeHtml(money(charge.amount_captured || charge.amount))}</td></tr>
<tr><td>Date paid</td><td>${date(charge.created)}</td></tr>
<tr><td>Payment method</td><td>${card ? `${escapeHtml(String(card.brand))} •••• ${escapeHtml(String(card.last4))}` : "card"}</td></tr>
${refunded}
${charge.description ? `<tr><td>Description</td><td>${escapeHtml(String(charge.description))}</td></tr>` : ""}
</tbody></table>`,
  );
}
