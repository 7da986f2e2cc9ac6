#!/usr/bin/env bash
# Renders the paperwork of the seed-000 demo as an office would see it, for docs/documents.md: the notice, the
# bulletin (whole and for one submitting unit), attendance.xlsx, roster.xlsx, the receipt template and the blank
# receipt form through LibreOffice (→ PDF → PNG of page 1), and the paper sign-in sheet through chromium's print.
# It also lists the fonts each document asks for and the ones LibreOffice used in their place, so a reader knows
# which substitutes a machine without the official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) shows.
#
# Run by hand, not in CI:  bash scripts/render-documents.sh
# Needs: apt-get install --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils chromium fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in soffice pdftoppm pdffonts curl python3 unzip; do
  command -v "$tool" >/dev/null || { echo "render-documents: '$tool' is missing (see the comment at the top)." >&2; exit 1; }
done
CHROMIUM=${CA_CHROMIUM:-/usr/lib/chromium/chromium}

OUT=docs/documents
TMP=$(mktemp -d /tmp/ca-docs.XXXXXX)
PORT=${CA_DOCS_PORT:-5097}
BASE="http://127.0.0.1:$PORT"
mkdir -p "$OUT"

echo "Building and starting the demo on $BASE (database in $TMP) …"
dotnet publish src/CommunityAcademy.Web -c Release -o "$TMP/app" -v quiet -nologo >/dev/null   # the published build: its wwwroot served
dotnet "$TMP/app/CommunityAcademy.dll" --demo --urls "$BASE" \
  --Database:Provider=sqlite --Database:ConnectionString="Data Source=$TMP/demo.db" >"$TMP/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$BASE/healthz" >/dev/null || { cat "$TMP/app.log" >&2; echo "render-documents: the demo did not start." >&2; exit 1; }

TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/token" -H 'content-type: application/json' \
  -d '{"username":"organizer","password":"demo1234"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
api() { curl -fs -H "Authorization: Bearer $TOKEN" "$BASE$1" -o "$2"; }
unit_id() { curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/units?q=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")" |
  python3 -c 'import json,sys; n=sys.argv[1]; print(next(u["id"] for u in json.load(sys.stdin) if u["name"]==n))' "$1"; }

api /api/v1/cohorts/1/notice.docx "$TMP/notice.docx"
api /api/v1/cohorts/1/bulletin.docx "$TMP/bulletin.docx"
api "/api/v1/cohorts/1/bulletin.docx?unitId=$(unit_id 华容区民政局)" "$TMP/bulletin-huarong.docx"
api /api/v1/cohorts/1/attendance.xlsx "$TMP/attendance.xlsx"
api /api/v1/cohorts/1/roster.xlsx "$TMP/roster.xlsx"
api "/api/v1/cohorts/2/receipt-template.xlsx?unitId=$(unit_id 华容区)" "$TMP/receipt-template.xlsx"
api /api/v1/cohorts/2/receipt-form.xlsx "$TMP/receipt-form.xlsx"

# The paper sign-in sheet is a page: signed in with a cookie, saved, its styles read from the running app, printed.
JAR="$TMP/cookies"
LOGIN=$(curl -fs -c "$JAR" "$BASE/Accounts/Login")
XSRF=$(printf '%s' "$LOGIN" | python3 -c 'import re,sys; print(re.search(r"name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')
curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "Username=organizer" --data-urlencode "Password=demo1234" \
  --data-urlencode "__RequestVerificationToken=$XSRF" "$BASE/Accounts/Login"
SESSION=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/cohorts/1/sessions" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("sessions", d) if isinstance(d, dict) else d; print(d[1]["id"])')
# Its stylesheets are put inline (a file:// page may not load them from the app), scripts left out.
curl -fs -b "$JAR" "$BASE/Attendance/Sheet/$SESSION" | BASE="$BASE" python3 -c '
import os, re, sys, urllib.request
base = os.environ["BASE"]
html = sys.stdin.read()
def inline(m):
    href = re.search(r"href=\"([^\"]+)\"", m.group(0)).group(1).replace("&amp;", "&")
    try: return "<style>" + urllib.request.urlopen(base + href).read().decode() + "</style>"
    except Exception as e: sys.exit(f"render-documents: {base + href}: {e}")
html = re.sub(r"<link[^>]*rel=\"stylesheet\"[^>]*>", inline, html)
html = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
sys.stdout.write(html)' >"$TMP/sheet.html"
if [ -x "$CHROMIUM" ]; then
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$TMP/sheet.pdf" "file://$TMP/sheet.html" 2>/dev/null
else
  echo "render-documents: no chromium at $CHROMIUM; the sign-in sheet is left out." >&2
fi

# Fonts a document asks for: the East Asian and Latin faces named in its XML (Open XML parts).
asked() { unzip -p "$1" 'word/*.xml' 'xl/styles.xml' 2>/dev/null | python3 -c '
import re, sys
x = sys.stdin.read()
names = set()
for tag in re.findall(r"<w:rFonts [^>]*>", x): names |= set(re.findall(r"w:(?:eastAsia|ascii|hAnsi)=\"([^\"]+)\"", tag))
names |= set(re.findall(r"<(?:\w+:)?name (?:\w+:)?val=\"([^\"]+)\"", x))
print("、".join(sorted(names)))'; }
# Fonts LibreOffice embedded in the PDF: what was really used.
used() { pdffonts "$1" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]\{6\}+//' | grep -v '^\[none\]$' | sort -u |
  python3 -c 'import sys; print("、".join(l.strip() for l in sys.stdin if l.strip()))'; }

MD="$OUT/fonts.txt"
: >"$MD"
for f in notice bulletin bulletin-huarong attendance roster receipt-template receipt-form; do
  src=$(ls "$TMP/$f".*)
  soffice --headless --convert-to pdf --outdir "$TMP" "$src" >/dev/null 2>&1
  pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$TMP/$f.pdf" "$OUT/$f"
  pages=$(pdfinfo "$TMP/$f.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
  printf '%s\tpages=%s\tasked=%s\tused=%s\n' "$f" "${pages:-?}" "$(asked "$src")" "$(used "$TMP/$f.pdf")" >>"$MD"
done
if [ -f "$TMP/sheet.pdf" ]; then
  pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$TMP/sheet.pdf" "$OUT/sheet"
  printf '%s\tpages=%s\tasked=%s\tused=%s\n' sheet "$(pdfinfo "$TMP/sheet.pdf" | awk '/^Pages:/{print $2}')" "(page CSS)" "$(used "$TMP/sheet.pdf")" >>"$MD"
fi
echo "Rendered into $OUT/ (first pages as PNG); fonts asked for and used: $MD"
cat "$MD"
