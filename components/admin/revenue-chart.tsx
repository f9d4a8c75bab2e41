"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/money";

/** Revenue per day or month as a bar chart; amounts in minor units of `currency`, formatted here. */
export function RevenueChart({ points, currency, label }: { points: { period: string; amount: number }[]; currency: string; label: string }) {
  const money = (v: number) => formatMoney(Math.round(v), currency);
  return (
    <figure data-testid="revenue-chart" className="h-72 w-full" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 288 }}>
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" tick={{ fontSize: 12, fill: "#44403c" }} tickFormatter={(p: string) => (p.length === 10 ? p.slice(5) : p)} />
          <YAxis tick={{ fontSize: 12, fill: "#44403c" }} tickFormatter={money} width={90} />
          <Tooltip formatter={(v) => money(Number(v))} labelFormatter={(l) => String(l)} />
          <Bar dataKey="amount" name="Revenue" fill="#2f6f5e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="sr-only">{label}</figcaption>
    </figure>
  );
}
