#!/usr/bin/env bash
# The suite on embedded defaults: builds if needed, generates sample data if missing, runs the
# night (scripts/nightly.sh) for the sample data's business date, and prints where every output is.
#
#   scripts/demo.sh [--customers N] [--seed S] [--fresh]
#
# Everything lands under var/ in the project folder: var/data (raw zone), var/out (outputs),
# var/state (H2 job repository, locks). --fresh deletes var/ first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

customers=2000
seed=42
fresh=false
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) customers="${2:?--customers needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --fresh) fresh=true; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

var="$SUITE_HOME/var"
data="$var/data"
out="$var/out"
if $fresh; then rm -rf "$var"; fi
date="$(date -u -d yesterday +%F)"

suite_ensure_built
suite_java
jar() { "${SUITE_JAVA[@]}" "$@"; }

if [ ! -f "$data/_SUCCESS" ]; then
  echo "== Generating sample data: $customers customers, seed $seed, as of $date"
  rm -rf "$data"
  jar generate-sample-data --customers "$customers" --seed "$seed" --as-of "$date" --out "$data"
else
  date="$(sed -n 's/.*"asOf" *: *"\([0-9-]*\)".*/\1/p' "$data/_ground_truth.json" | head -n 1)"
  echo "== Using sample data in $data (as of $date; --fresh regenerates)"
fi

# Extracts pseudonymize with each recipient's key (config/extracts.yml key_id). Real keys come from
# the environment or var/state/keys/KEY_ID; the demo makes throwaway random ones if none is there.
keys="$var/state/keys"
mkdir -p "$keys"
for key_id in $(sed -n 's/^ *key_id: *\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$SUITE_HOME/config/extracts.yml"); do
  if [ -z "${!key_id:-}" ] && [ ! -s "$keys/$key_id" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 > "$keys/$key_id")
    echo "== Created a throwaway demo key $keys/$key_id (random; for real recipients set \$$key_id instead)"
  fi
done

# The audit key of retention enforcement (keyed hashes of customers in the audit log). The suite never
# makes one; production provides GOVERNANCE_AUDIT_KEY or the key file. The demo makes a throwaway one.
audit_key="$var/state/audit.key"
if [ -z "${GOVERNANCE_AUDIT_KEY:-}" ] && [ ! -s "$audit_key" ]; then
  (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$audit_key"; echo >> "$audit_key")
  echo "== Created a throwaway demo audit key $audit_key (random; in production set \$GOVERNANCE_AUDIT_KEY)"
fi

# The night as the scheduler runs it (scripts/nightly.sh): inventory, tag, retention as config/retention.yml
# says (shipped: dry run, nothing deleted), then the extracts scheduled in config/extracts.yml. --rerun
# makes it again when the demo already ran for this date.
echo
echo "== nightly for $date"
set +e
"$SUITE_HOME/scripts/nightly.sh" --date "$date" "data=$data" "out=$out" --rerun
rc=$?
set -e
case $rc in
  0) ;;
  4) echo "   (the night completed with records quarantined or skipped; see the reports)" ;;
  *) echo "demo.sh: the night exited $rc; stopping" >&2; exit "$rc" ;;
esac

# One data-subject request each way a compliance officer sees them: a disclosure, and an erasure as a dry run.
sample_customer="C0000000001"
for action in disclose erase; do
  echo
  echo "== subject-request action=$action customer=$sample_customer"
  jar run-job subject-request "data=$data" "out=$out" "date=$date" "customer=$sample_customer" "action=$action" \
    || { rc=$?; [ "$rc" -eq 4 ] || { echo "demo.sh: subject-request $action exited $rc; stopping" >&2; exit "$rc"; }; }
done

echo
echo "== Outputs"
echo "  raw zone (sample data)   $data"
echo "  ground truth             $data/_ground_truth.json"
echo "  inventory report         $out/reports/inventory-$date.json"
echo "                           $out/reports/inventory-$date.html"
echo "  catalog                  $out/catalog/catalog.json"
echo "                           $out/catalog/index.html"
echo "  governed zone (tagged)   $out/governed/"
echo "  tag report               $out/reports/tag-$date.json, .html"
echo "  quarantine               $out/quarantine/"
echo "  research extracts        $out/extracts/PROFILE-$date/ (Parquet, manifest.json, DATA_DICTIONARY.md)"
echo "  extract report           $out/reports/extract-$date.json, .html"
echo "  retention report         $out/reports/retention-$date-dry-run.json (dry run: nothing changed)"
echo "                           $out/reports/retention-$date-dry-run.html"
echo "  night report             $out/reports/night-$date.html, .json"
echo "  subject requests         $out/subject-requests/REQUEST/request.json, .html (private; one folder per request,"
echo "                           the request ids are printed above: a disclose and a dry-run erase of $sample_customer)"
echo "  job repository (H2)      $var/state/job-repository.mv.db"
echo "  rerun the night          scripts/nightly.sh --date $date data=$data out=$out --rerun"
echo "  rerun one job            scripts/run-job.sh inventory data=$data out=$out date=$date --rerun"
exit 0
