#!/bin/sh
# Runs `cargo xtask setup` while the image is built. `docker build` runs
# under Docker's default seccomp profile, which refuses io_uring; that
# prerequisite is a setting of the running container (runArgs in
# devcontainer.json), so it alone may be missing here. Anything else fails.
set -u
if cargo xtask setup; then
    exit 0
fi
missing=$(cargo xtask doctor 2>&1 | grep '^✗' | grep -v 'io_uring (kernel)')
if [ -n "$missing" ]; then
    printf 'setup left these missing:\n%s\n' "$missing"
    exit 1
fi
echo "setup: everything but io_uring is installed; the container enables io_uring when it runs"
