/** `hinge-dynamics theory`: the mean-field theory's quantities at chosen times. */
import { parseArgs } from "node:util";
import { DEFAULTS } from "../defaults";
import { DATA_KINDS, type ModelParams } from "../theory/params";
import { theoryTable, type TheoryRow } from "../theory/curves";
import { checkOneOf } from "../validate";
import { asFlagError, joinNegativeValues, num, numList, usage } from "./args";

const D = DEFAULTS;

export const THEORY_HELP = `Usage: hinge-dynamics theory [flags]

Prints, for each time t, the clock γ(t) of main (13) (main (14) for sphere data), the threshold
H = 2h√d/(α sinh 2γ), the drive I(t) and the unsatisfied fraction f_U(t).

  --task KIND      gaussian | sphere (default ${D.task})
  --d N            input dimension d (integer >= 2; default ${D.d})
  --M N            hidden nodes M (integer >= 1; default ${D.M}); the rate is β = β* / M
  --alpha X        output scale α of the loss (in [1e-100, 1e100]; default ${D.alpha})
  --h X            hinge threshold h (in [1e-100, 1e100]; default ${D.h})
  --beta-star X    learning rate β* of gradient descent (> 0; default ${D.betaStar})
  --delta X        mislabeled fraction δ in [0, 0.5): I_δ, f_U,δ, J_δ of SM (23)-(24) (default ${D.delta})
  --t LIST         comma-separated times in steps (>= 0; default 1,10,100,1000,2000)
  --N N            training-set size: adds J(t)/√N, the perpendicular drive of SM (22)
  --discrete       adds the exact discrete-step clock γ_t and factor c_t (integer times only)
  --json           prints JSON instead of a table
  -h, --help       this text
`;

export function theoryCommand(argv: string[]): string {
  const text = { type: "string" } as const;
  const flag = { type: "boolean", default: false } as const;
  const { values } = usage(() =>
    parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      options: {
        task: text,
        d: text,
        M: text,
        alpha: text,
        h: text,
        "beta-star": text,
        delta: text,
        t: { type: "string", default: "1,10,100,1000,2000" },
        N: text,
        discrete: flag,
        json: flag,
        help: { ...flag, short: "h" },
      },
    }),
  );
  if (values.help) return THEORY_HELP;
  let rows: TheoryRow[];
  try {
    const p: ModelParams = {
      task: checkOneOf("task", values.task ?? D.task, DATA_KINDS),
      d: num("--d", values.d) ?? D.d,
      M: num("--M", values.M) ?? D.M,
      alpha: num("--alpha", values.alpha) ?? D.alpha,
      h: num("--h", values.h) ?? D.h,
      betaStar: num("--beta-star", values["beta-star"]) ?? D.betaStar,
      delta: num("--delta", values.delta) ?? D.delta,
    };
    rows = theoryTable(p, numList("--t", values.t), { N: num("--N", values.N), discrete: values.discrete });
  } catch (e) {
    throw asFlagError(e, { times: "--t", steps: "--t (with --discrete, the largest t)" });
  }
  if (values.json) return JSON.stringify(rows, (_, v) => (v === Infinity ? "Infinity" : v), 1) + "\n";
  return formatTable(rows);
}

/** Fixed-width columns, 6 significant digits. */
function formatTable(rows: TheoryRow[]): string {
  const keys = Object.keys(rows[0]) as (keyof TheoryRow)[];
  const head: Record<string, string> = {
    t: "t",
    gamma: "gamma",
    H: "H",
    I: "I",
    fU: "f_U",
    JoverSqrtN: "J/sqrt(N)",
    gammaDiscrete: "gamma_disc",
    c: "c",
  };
  const cell = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toPrecision(6));
  const table = [keys.map((k) => head[k]), ...rows.map((r) => keys.map((k) => cell(r[k] as number)))];
  const width = keys.map((_, j) => Math.max(...table.map((row) => row[j].length)));
  return table.map((row) => row.map((c, j) => c.padStart(width[j])).join("  ")).join("\n") + "\n";
}
