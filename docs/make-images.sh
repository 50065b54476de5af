#!/usr/bin/env bash
# Regenerate the README's report images from the demo output.
# Needs poppler-utils (pdftoppm). Usage: bash docs/make-images.sh [DEMO_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
demo=${1:-rcr-demo}
[ -f "$demo/strokescan.pdf" ] || rcr-checklist demo -o "$demo"
out=docs/images
mkdir -p "$out"
page() {  # page PDF PAGE NAME
  pdftoppm -png -r 70 -f "$2" -l "$2" -singlefile "$demo/$1" "$out/$3"
}
page strokescan.pdf 1 report-cover
page strokescan.pdf 2 report-summary
page fracturefinder.pdf 2 report-critical
page strokescan.pdf 4 report-principle
echo "wrote $(ls "$out" | tr '\n' ' ')"
