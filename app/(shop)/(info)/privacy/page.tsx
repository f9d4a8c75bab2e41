import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Privacy" };

export default function PrivacyPage() {
  const { STORE_NAME: store, AUDIT_RETENTION_DAYS: auditDays } = env();
  return (
    <>
      <h1>Privacy</h1>
      <p>What {store} keeps about you, and why:</p>
      <h2>What we store</h2>
      <ul className="list-disc pl-6">
        <li>Your orders: what you bought, the amounts and the email address the receipt goes to.</li>
        <li>If you create an account: your email address and a hash of your password (never the password itself).</li>
        <li>A cookie holding the id of your cart, and one keeping you signed in. No advertising or tracking cookies.</li>
        <li>
          For security, a record of each change made through the site (such as placing an order or signing in), with the network
          address it came from, kept for {auditDays} days; and short-lived counters that limit repeated sign-in attempts.
        </li>
      </ul>
      <h2>Payments</h2>
      <p>
        Card details are entered into Stripe&apos;s payment form and go to Stripe directly; they never reach {store}&apos;s servers.
        Stripe handles them under its own privacy policy.
      </p>
      <h2>Your choices</h2>
      <p>
        To see or delete what we hold about you, <Link href="/contact">contact us</Link>.
      </p>
    </>
  );
}
