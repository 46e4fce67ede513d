#!/usr/bin/env python3
"""One row of `make bench-schedule`'s mission or large table: a solve summary beside the
instance's reference (bench/schedule-references.json), and issue 19's goals for its time limit.
A mission instance's reference is its exact optimum: within 1 s at least what CP-SAT found in
60 s and a bound within 5 % of the optimum; within 60 s the optimum with its proof. A large
instance's is the LP relaxation of the same model (no solver proves those): at least 99.7 % of it
within 5 s, and reached within 1 s. Refuses a reference computed on another instance (the
generator changed: compute it again with bench/schedule-reference.py)."""

import hashlib
import json
import sys

refs, kind, seed, limit, instance, summary = sys.argv[1:7]
ref = json.load(open(refs))["instances"].get(f"{kind}:{seed}")
digest = hashlib.sha256(open(instance, "rb").read()).hexdigest()
if ref is None or ref["sha256"] != digest:
    sys.exit(f"{kind}:{seed}: no reference for this instance in {refs} (sha256 {digest})")
s = json.load(open(summary))
opt = ref.get("optimum")
if opt is None:
    lp = ref["lp_relaxation"]
    share = 100 * s["objective"] / lp
    print(
        "%-12s %4s %5s %9.1f %9.0f %9.0f %8.3f %8.3f %7.3f  %s"
        % (kind, seed, limit, lp, s["objective"], s["upper_bound"], share,
           100 * s["upper_bound"] / lp, s["seconds"],
           f"objective >= 99.7 % of the LP {'met' if share >= 99.7 else 'NOT met'}")
    )
    sys.exit(0)
proof = f'proved in {s["seconds"]:.3f} s' if s["optimal"] else "not proved"
mark = lambda ok: "met" if ok else "NOT met"
goals = []
if float(limit) <= 1:
    cpsat = ref["cpsat"]["at_60s"]
    goals.append(f"objective >= CP-SAT's 60 s ({cpsat:.0f}) {mark(s['objective'] >= cpsat)}")
    goals.append(f"bound <= 105 % {mark(s['upper_bound'] <= 1.05 * opt)}")
if float(limit) >= 60:
    proved = s["optimal"] and s["objective"] >= opt and s["seconds"] <= 60
    goals.append(f"optimum proved within 60 s {mark(proved)}")
print(
    "%-12s %4s %5s %7.0f %9.0f %9.0f %8.2f %8.2f %7.3f  %-20s %s"
    % (kind, seed, limit, opt, s["objective"], s["upper_bound"],
       100 * s["objective"] / opt, 100 * s["upper_bound"] / opt, s["seconds"], proof,
       "; ".join(goals))
)
