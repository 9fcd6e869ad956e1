#!/bin/sh
# Open MPI's rsh agent for MPI "nodes" that are network namespaces on one
# machine (stage "lab 3 across two nodes", xtask/src/two_nodes.rs): where
# mpirun would run `ssh <host> <command>` to start its daemon on <host>, this
# runs <command> in the network namespace named <host>.
# Use: OMPI_MCA_plm_rsh_agent=xtask/netns-rsh.sh (or --mca plm_rsh_agent …).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 <namespace> <command…> (Open MPI's plm_rsh_agent)" >&2
    exit 2
fi
host=$1
shift
if ! ip netns list | cut -d' ' -f1 | grep -qxF -- "$host"; then
    echo "$0: no network namespace named $host (see: ip netns list); the hostfile must name namespaces" >&2
    exit 255
fi
# Open MPI hands ssh one shell command line (variables, then orted and its
# arguments); a remote shell would run it, so a shell runs it here.
exec ip netns exec "$host" sh -c "$*"
