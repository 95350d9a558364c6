#!/usr/bin/env bash
# Record a week of disbursements from a subgrantee's spreadsheet, all or nothing.
#
#   FUNDTRACK_DB=/path/to/books.db bash examples/02-record-a-week.sh week.csv
#
# The file may be .csv or .xlsx with the columns date, subgrant, client, category, amount,
# and optionally reference and memo. Client references are opaque codes (LP-0042), never
# names. Without a file, the script writes and records an example week for the subgrants
# that 01-new-fiscal-year.sh sets up. Without FUNDTRACK_DB it uses a throwaway database.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ -z "${FUNDTRACK_DB:-}" ]; then
  FUNDTRACK_DB="$(mktemp -d)/try-out.db"
  export FUNDTRACK_DB
  echo "FUNDTRACK_DB is not set: trying this out on a new database, $FUNDTRACK_DB"
  fundtrack init
  bash "$here/01-new-fiscal-year.sh" >/dev/null   # the award and subgrants this week draws on
fi

week="${1:-}"
if [ -z "$week" ]; then
  week="$(mktemp -d)/week-2024-09-09.csv"
  cat >"$week" <<'CSV'
date,subgrant,client,category,amount,reference,memo
2024-09-09,LP-FY25,LP-0101,crisis-stabilization,350.00,CHK-2201,motel three nights
2024-09-09,LP-FY25,LP-0102,rent,1200.00,CHK-2202,September rent
2024-09-10,LP-FY25,LP-0101,travel,86.40,CHK-2203,bus fare to safe housing
2024-09-11,NMILC-FY25,LP-0102,civil-legal,2500.00,INV-0917,T-visa application
2024-09-12,LP-FY25,LP-0103,relocation,1875.00,CHK-2204,moving costs
2024-09-13,LP-FY25,LP-0103,lost-wages,640.00,CHK-2205,two weeks missed work
CSV
fi

# 1. Check the whole file first: nothing is written, every problem is listed with its line.
fundtrack import disbursements "$week" --new-clients --dry-run

# 2. Record it. One transaction: if any row is refused, nothing is recorded.
#    --new-clients registers references seen for the first time; leave it out when every
#    client should already be on file, so a mistyped reference is caught.
fundtrack import disbursements "$week" --new-clients

# 3. What is left on each subgrant.
fundtrack subgrant list
