#!/bin/sh
# Builds twenty from this checkout into one binary and installs it; on a first run also sets up
# the instance (`twenty init --yes`: private PostgreSQL and Redis in the home). Safe to run
# again: a second run replaces the binary in place, runs `twenty upgrade` and changes nothing
# else. Debian/Ubuntu get missing packages through apt; elsewhere it says what to install.
set -eu

PREFIX=/usr/local
SERVICES=1

usage() {
  cat <<'EOF'
Usage: ./install.sh [--prefix DIR] [--no-services] [--help]

Builds the single `twenty` binary from this checkout and installs it as DIR/bin/twenty.

  --prefix DIR    install under DIR (default /usr/local)
  --no-services   only the binary: no PostgreSQL/Redis packages, no `twenty init`, no units
                  (for an existing database: then run `twenty init --pg-url ... --redis-url ...`)
  -h, --help      show this help

On Debian/Ubuntu, missing packages (postgresql, redis-server, binutils, and npm when this
checkout has no node_modules) are installed with apt-get, as root or through sudo.
The instance home is $TWENTY_HOME, else /var/lib/twenty as root, else ~/.local/share/twenty.
Under systemd (as root) the server and worker are installed as services and started.
EOF
}

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() { printf 'install.sh: error: %s\n' "$1" >&2; [ $# -lt 2 ] || printf 'install.sh: hint: %s\n' "$2" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { say '--prefix needs a directory.'; usage >&2; exit 2; }; PREFIX=$2; shift 2 ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    --no-services) SERVICES=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) say "unknown option \"$1\"."; usage >&2; exit 2 ;;
  esac
done
case "$PREFIX" in /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac

SRC=$(cd "$(dirname "$0")" && pwd)
[ -f "$SRC/package.json" ] && [ -f "$SRC/scripts/build.ts" ] || die "run install.sh from a twenty checkout (no package.json next to it)."
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || die "the single binary is built for Linux x86_64; this machine is $(uname -s) $(uname -m)." \
  'Run twenty from the checkout instead: npm ci && bin/twenty init.'

# Root, or sudo for what needs root; decided only when something does.
if [ "$(id -u)" -eq 0 ]; then AS_ROOT=''; elif command -v sudo >/dev/null 2>&1; then AS_ROOT=sudo; else AS_ROOT=none; fi
as_root() {
  [ "$AS_ROOT" != none ] || die "\"$*\" needs root, and this user is not root and has no sudo." 'Run install.sh as root, or install sudo.'
  $AS_ROOT "$@"
}

have_pkg() { dpkg -s "$1" >/dev/null 2>&1; }
have_postgres() { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || have_pkg postgresql; }
have_redis() { command -v redis-server >/dev/null 2>&1 || have_pkg redis-server; }
# node_modules is current when npm wrote it from this package-lock.json.
modules_current() { [ -x "$SRC/node_modules/.bin/node" ] && [ -f "$SRC/node_modules/.package-lock.json" ] && [ ! "$SRC/package-lock.json" -nt "$SRC/node_modules/.package-lock.json" ]; }

missing=''
if [ "$SERVICES" -eq 1 ]; then
  have_postgres || missing="$missing postgresql"
  have_redis || missing="$missing redis-server"
fi
command -v strip >/dev/null 2>&1 || missing="$missing binutils"
if ! modules_current && ! command -v npm >/dev/null 2>&1; then missing="$missing nodejs npm"; fi

if [ -n "$missing" ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing:$missing, and there is no apt-get here to install them." \
    'Install them with your package manager (or use --no-services with an existing PostgreSQL and Redis), then run install.sh again.'
  say "installing with apt-get:$missing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  # shellcheck disable=SC2086 # a list of package names
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2
else
  say 'required packages are present'
fi

if modules_current; then
  say 'node_modules is up to date'
else
  say 'installing build dependencies (npm ci)'
  (cd "$SRC" && npm ci --no-audit --no-fund >&2)
fi

# Build outside dist/ so a concurrent `npm run build` in the checkout is not disturbed.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/twenty-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
say 'building the single binary'
"$SRC/node_modules/.bin/node" "$SRC/scripts/build.ts" --out "$WORK" >&2

BIN="$PREFIX/bin/twenty"
if mkdir -p "$PREFIX/bin" 2>/dev/null && [ -w "$PREFIX/bin" ]; then AS_OWNER=''; else AS_OWNER=as_root; $AS_OWNER mkdir -p "$PREFIX/bin"; fi
# Copy then rename: running twenty processes keep the old file, and nobody sees half a binary.
$AS_OWNER cp "$WORK/twenty" "$PREFIX/bin/.twenty.new"
$AS_OWNER chmod 755 "$PREFIX/bin/.twenty.new"
$AS_OWNER mv -f "$PREFIX/bin/.twenty.new" "$BIN"
VERSION=$("$BIN" --version) || die "the installed binary $BIN does not run."
say "installed $BIN ($VERSION)"

if [ "$SERVICES" -eq 0 ]; then
  cat <<EOF
twenty $VERSION is installed at $BIN (no services set up).
Next: $BIN init --pg-url postgres://USER:PASSWORD@HOST:5432/DB --redis-url redis://HOST:6379
EOF
  exit 0
fi

CONFIG=$("$BIN" config path)
HOME_DIR=$(dirname "$CONFIG")
if [ -s "$CONFIG" ]; then
  say "already initialised ($CONFIG); upgrading the database to this version"
  "$BIN" --home "$HOME_DIR" upgrade >&2 || die 'twenty upgrade failed; the new binary is installed.' "Fix the cause shown above, then run \`$BIN upgrade\`."
  FIRST=0
else
  say "initialising $HOME_DIR (private PostgreSQL and Redis)"
  "$BIN" --home "$HOME_DIR" init --yes --demo || die 'twenty init failed.' "Fix the cause shown above and run install.sh again, or run \`$BIN init\` yourself."
  FIRST=1
fi

if [ -d /run/systemd/system ] && [ "$AS_ROOT" != none ]; then
  as_root "$BIN" --home "$HOME_DIR" service install --user "$(id -un)" --bin "$BIN" >&2
  as_root systemctl enable twenty-server twenty-worker >&2
  # A new binary takes over from a running one; a first install starts the services.
  if [ "$FIRST" -eq 1 ]; then as_root systemctl start twenty-server twenty-worker; else as_root systemctl try-restart twenty-server twenty-worker; fi
  echo "twenty $VERSION is installed and running under systemd (twenty-server, twenty-worker)."
else
  cat <<EOF
twenty $VERSION is installed at $BIN; the instance home is $HOME_DIR.
No systemd here: keep these running under your supervisor (both stop cleanly on SIGTERM):
  $BIN serve
  $BIN worker
and run \`$BIN services start\` at boot for the private PostgreSQL and Redis.
EOF
fi
