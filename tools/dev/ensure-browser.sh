#!/usr/bin/env bash
# tools/dev/ensure-browser.sh — makes a headless Chromium available for the support console's
# browser test (apps/audit-log/test/support-console.integration-spec.ts).
#
#   a) CHROMIUM_PATH or /usr/bin/chromium runs          -> nothing to do
#   b) root on Debian/Ubuntu                            -> apt-get install chromium (Debian's package)
#   c) otherwise                                        -> say what to install, exit 1
set -euo pipefail
exec </dev/null

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  echo "browser: $("$browser" --version 2>/dev/null || echo "$browser")"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "browser: installing Debian's chromium for the console's browser test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  echo "browser: $(/usr/bin/chromium --version)"
  exit 0
fi
cat >&2 <<MSG
browser: error: no Chromium at $browser.
  The support console is tested in a real headless Chromium. Install Debian's package
  (sudo apt-get install chromium) or point CHROMIUM_PATH at a Chromium binary, then run npm test again.
MSG
exit 1
