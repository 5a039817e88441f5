/** Plain records → a Markdown table, numbers to a fixed count of significant digits. */

/** Renders rows (all with the same keys) as a Markdown table; `headers` relabels the keys. */
export function markdownTable(rows: readonly object[], headers: Record<string, string> = {}, digits = 4): string {
  if (rows.length === 0) return "_(no rows)_";
  const keys = Object.keys(rows[0]);
  const fmt = (v: unknown) =>
    typeof v === "number" ? (Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(digits) : String(v)) : String(v);
  const head = `| ${keys.map((k) => headers[k] ?? k).join(" | ")} |`;
  const rule = `| ${keys.map(() => "---").join(" | ")} |`;
  const body = rows.map((r) => `| ${keys.map((k) => fmt((r as Record<string, unknown>)[k])).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}
