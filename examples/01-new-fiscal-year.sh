#!/usr/bin/env bash
# A new fiscal year: record the legislature's appropriation and give it out as subgrants.
#
# Adapt: the fiscal year, the amount, the subgrantees and their shares. Run it once a year,
# when the appropriation is known. Every figure below is an example, not a real award.
#
#   FUNDTRACK_DB=/path/to/books.db bash examples/01-new-fiscal-year.sh
#
# Without FUNDTRACK_DB it works on a new, throwaway database (so you can try it safely).
set -euo pipefail

if [ -z "${FUNDTRACK_DB:-}" ]; then
  FUNDTRACK_DB="$(mktemp -d)/try-out.db"
  export FUNDTRACK_DB
  echo "FUNDTRACK_DB is not set: trying this out on a new database, $FUNDTRACK_DB"
  fundtrack init
fi

FY=FY2025     # the state fiscal year: 2024-07-01 .. 2025-06-30
AWARD=CVRC-HT-FY25

# 1. The appropriation. Its period of performance defaults to the fiscal year.
fundtrack award add "$AWARD" --source CVRC-HT --fy "$FY" --amount 150000 \
  --name "Human Trafficking special appropriation $FY"

# 2. Subgrantees, once: skip the ones already on file.
add_subgrantee() {  # CODE NAME
  local known
  known="$(fundtrack subgrantee list --json)"
  if ! grep -q "\"$1\"" <<<"$known"; then
    fundtrack subgrantee add "$1" --name "$2"
  fi
}
add_subgrantee LAPINON "La Pinon Sexual Assault Recovery Services"
add_subgrantee NMILC "NM Immigrant Law Center"

# 3. The subgrants. A --budget limits what may be spent per category; the budgets of one
#    subgrant may not add up to more than its amount.
fundtrack subgrant add LP-FY25 --award "$AWARD" --subgrantee LAPINON --amount 100000 \
  --budget crisis-stabilization=20000 --budget rent=40000 --budget relocation=20000 \
  --budget travel=5000 --budget pecuniary-loss=5000 --budget lost-wages=10000
fundtrack subgrant add NMILC-FY25 --award "$AWARD" --subgrantee NMILC --amount 50000 \
  --budget civil-legal=50000

# 4. Check: the award is fully allocated and nothing is disbursed yet.
fundtrack award show "$AWARD"
