#!/usr/bin/env bash
# Installs what building, running and testing Styrkort needs on Debian 12, from
# Debian's packages only. Idempotent and quick when everything is there already.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libgtest-dev libsodium-dev libssl-dev libqrencode-dev
  libxlsxwriter-dev libminizip-dev libexpat1-dev
  # Documents (docs/documents.md): Chromium prints the PDF, pandoc makes the DOCX, both
  # from the same HTML; DejaVu is the font embedded in them.
  chromium pandoc fonts-dejavu-core
)
# The machine image brings Node.js 20 with npm; Debian's own are the fallback.
command -v npm >/dev/null || packages+=(nodejs npm)
if [[ ${1:-} == --test ]]; then
  # What only the tests need (the browser for the web client's tests is above), a real
  # spreadsheet (headless LibreOffice Calc) that computes the formulas of XLSX exports.
  # The documents are read back with poppler (pdftotext, pdffonts, pdftoppm) and the
  # DOCX opened by LibreOffice Writer.
  packages+=(libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils unzip)
  # The sanitizer build and the fuzz targets (clang with ASan, UBSan and libFuzzer's
  # runtime), and the kill -9 cycles (Python) - docs/reliability.md.
  packages+=(clang libclang-rt-14-dev python3)
  # Reminder mail is tested against a real SMTP server started by the test (aiosmtpd);
  # openssl makes the certificate of its STARTTLS (docs/reporting-round.md).
  packages+=(python3-aiosmtpd openssl)
  # Three app servers behind a load balancer (tests/scaleout, docs/scale-out.md).
  packages+=(nginx)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
