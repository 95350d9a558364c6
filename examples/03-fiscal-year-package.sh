#!/usr/bin/env bash
# The fiscal-year package for the Commission: balances, victims served, and the workbook.
#
#   FUNDTRACK_DB=/path/to/books.db bash examples/03-fiscal-year-package.sh FY2025 package/
#
# Writes three workbooks into the folder (default ./fy-package) and prints the balances.
# Without FUNDTRACK_DB it uses a throwaway database with the other two examples' entries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ -z "${FUNDTRACK_DB:-}" ]; then
  FUNDTRACK_DB="$(mktemp -d)/try-out.db"
  export FUNDTRACK_DB
  echo "FUNDTRACK_DB is not set: trying this out on a new database, $FUNDTRACK_DB"
  fundtrack init
  bash "$here/01-new-fiscal-year.sh" >/dev/null
  bash "$here/02-record-a-week.sh" >/dev/null
fi

FY="${1:-FY2025}"
OUT="${2:-fy-package}"
YEAR="${FY//[!0-9]/}"                 # FY2025 -> 2025, FY25 -> 25
if [ "${#YEAR}" -eq 2 ]; then YEAR="20$YEAR"; fi
END="$YEAR-06-30"                     # the last day of the state fiscal year
mkdir -p "$OUT"

# 1. Remaining balances at the end of the year, on screen and as a workbook.
fundtrack report balances --as-of "$END"
fundtrack report balances --as-of "$END" -o "$OUT/balances-FY$YEAR.xlsx"

# 2. Victims served by funding source, the year and the four before it.
fundtrack report victims-served --fy "FY$((YEAR - 4))..FY$YEAR" -o "$OUT/victims-served.xlsx"

# 3. The workbook for the Commission: summary, victims served, balances, categories, and
#    the disbursement register an auditor asks for (the only sheet with client references).
fundtrack report fiscal-year "FY$YEAR" -o "$OUT/fiscal-year-FY$YEAR.xlsx"

echo "The FY$YEAR package is in $OUT/:"
ls -1 "$OUT"
