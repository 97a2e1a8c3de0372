#!/usr/bin/env bash
# Puts Node.js 24 and pnpm 10 on PATH, installing them into .tools/ from the npm registry when the
# machine's own Node is older. Source it: `. scripts/ensure-toolchain.sh`.
set -euo pipefail
JZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JZ_TOOLS="$JZ_ROOT/.tools"
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major node)" -lt 24 ]; then
  if [ ! -x "$JZ_TOOLS/bin/node" ] || [ "$(node_major "$JZ_TOOLS/bin/node")" -lt 24 ]; then
    echo "jiuzhu: installing Node.js 24 into .tools/ (the machine has $(node --version 2>/dev/null || echo 'no node'))" >&2
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
    # The platform package carries the binary itself, so no install script has to run.
    npm install --global --prefix "$JZ_TOOLS" --no-audit --no-fund "node-linux-$arch@24" >&2
  fi
  export PATH="$JZ_TOOLS/bin:$PATH"
fi
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != 10 ]; then
  if [ ! -x "$JZ_TOOLS/bin/pnpm" ]; then
    echo "jiuzhu: installing pnpm 10 into .tools/" >&2
    npm install --global --prefix "$JZ_TOOLS" --no-audit --no-fund pnpm@10 >&2
  fi
  export PATH="$JZ_TOOLS/bin:$PATH"
fi
# Prisma's CLI would download a native schema engine that generate does not need; point it at a stub.
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$JZ_ROOT/scripts/no-schema-engine}"
export NX_DAEMON=false NX_NO_CLOUD=true TURBO_TELEMETRY_DISABLED=1
