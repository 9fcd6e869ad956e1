//! Stage *lab 3 across two nodes*: two MPI nodes on this one machine, as two
//! network namespaces joined by a veth pair, and lab 3's tests and ping-pong
//! benchmark run between them over Open MPI's TCP transport, started with
//! the `LAB3_MPIRUN` a reader uses on two hosts with a hostfile.
//!
//! `mpirun` runs in the first namespace; where it would `ssh` to the other
//! host to start its daemon, its rsh agent (`xtask/netns-rsh.sh`) runs the
//! daemon in the namespace the hostfile names. Each namespace resolves both
//! names through `/etc/netns/<name>/hosts`, which `ip netns exec` puts over
//! `/etc/hosts` for it alone. The addresses are from TEST-NET-1
//! (192.0.2.0/30): they exist only inside the two namespaces, which have no
//! other link and no route out. The namespaces go away when the stage ends,
//! passed or failed, and leftovers of an earlier run go before it starts.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Verdict;
use crate::cmd::{self, Cmd};

/// The two nodes: network namespace (and host) name, and address.
const NODES: [(&str, &str); 2] = [("fmn-node1", "192.0.2.1"), ("fmn-node2", "192.0.2.2")];
/// The network between them: a /30 has room for exactly these two.
const PREFIX: &str = "30";
/// The veth end's name in each namespace, for `btl_tcp_if_include`.
const LINK: &str = "fmn0";
/// The hostfile: one slot per node, so two ranks are one per node.
const HOSTFILE: &str = "fmn-node1 slots=1\nfmn-node2 slots=1\n";
/// The variable lab 3's harness reads its launcher from (`lab3::LAUNCHER`).
const LAUNCHER: &str = "LAB3_MPIRUN";
/// Open MPI's rsh agent for namespaces, relative to the repository.
const AGENT: &str = "xtask/netns-rsh.sh";
/// The longest one `ip` command may take.
const IP_LIMIT: Duration = Duration::from_secs(10);
/// The longest the build before the namespaces may take (the first build of
/// the `mpi` crate takes about a minute; later ones are checks).
const BUILD_LIMIT: Duration = Duration::from_secs(15 * 60);
/// The longest the tests or the benchmark may take between the nodes (the
/// harness bounds each `mpirun` by itself too).
const RUN_LIMIT: Duration = Duration::from_secs(3 * 60);
/// Exercise 3's compile-fail cases rebuild the `mpi` crate to check bounds:
/// nothing of them crosses a network, so they stay out of this stage (the
/// same exercise's `the_buffer_is_yours_again_after_wait` runs).
const SKIPPED_TEST: &str = "borrowed_and_busy_buffers_do_not_compile";
/// The fewest bytes the benchmark's rank 0 must have sent over the veth:
/// at 4 MiB alone it sends 2 or more round trips per timed run, 3 variants,
/// 10 runs (240 MiB), so less means the ranks did not talk over it.
const MIN_BENCH_BYTES: u64 = 128 << 20;

/// The launcher a reader uses on two hosts whose hostfile is `hosts`: one
/// rank per node in turn (`--map-by node`, so four ranks alternate and each
/// halo crosses the network), TCP only (no shared memory), on `LINK` only,
/// for the ranks and for the daemons' out-of-band channel.
fn launcher(hosts: &Path) -> String {
    format!(
        "mpirun --hostfile {} --map-by node --oversubscribe --mca btl tcp,self \
         --mca btl_tcp_if_include {LINK} --mca oob_tcp_if_include {LINK}",
        hosts.display()
    )
}

/// What only two nodes on one machine need, as environment variables (so
/// that `LAB3_MPIRUN` stays the two-host command): the agent instead of ssh,
/// ranks that yield the core while they wait (two busy-polling ranks on two
/// shared cores otherwise wait a scheduler tick for each message), and
/// `mpirun` as root, since namespaces need root.
fn one_machine_env(root: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("OMPI_MCA_plm_rsh_agent", root.join(AGENT).display().to_string()),
        ("OMPI_MCA_mpi_yield_when_idle", "1".into()),
        ("OMPI_ALLOW_RUN_AS_ROOT", "1".into()),
        ("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1".into()),
        // Nothing in a namespace reaches crates.io; everything is built before.
        ("CARGO_NET_OFFLINE", "true".into()),
    ]
}

/// The stage: skipped where namespaces cannot be made, failed when a test,
/// the benchmark or the proof that the ranks crossed the veth fails.
pub fn run(root: &Path) -> Verdict {
    if !cmd::on_path("ip") {
        return Verdict::Skipped("`ip` (iproute2) not found: sudo apt-get install -y iproute2".into());
    }
    if Cmd::new("id").args(["-u"]).first_line().as_deref() != Some("0") {
        return Verdict::Skipped(
            "network namespaces need root: run `cargo xtask test --only \"two nodes\"` as root (or in a container with CAP_SYS_ADMIN)".into(),
        );
    }
    if !cmd::on_path("mpirun") {
        return Verdict::Skipped("mpirun not found: cargo xtask setup (installs Open MPI)".into());
    }
    // The namespaces first, so a machine that refuses them skips at once.
    let nodes = match Nodes::up() {
        Ok(nodes) => nodes,
        Err(Refused(why)) => return Verdict::Skipped(why),
        Err(Broken(why)) => return Verdict::Failed(why),
    };
    match build(root).and_then(|()| nodes.run_lab(root)) {
        Ok(note) => Verdict::Passed(note),
        Err(why) => Verdict::Failed(why),
    }
    // `nodes` drops here: the namespaces go, whatever happened.
}

/// Builds everything the runs in the namespaces use, outside them (where
/// crates can be fetched): the tests, the benchmark, and the rank programs
/// in both profiles, with the same arguments and folder as lab 3's harness,
/// whose own build in the namespace is then only a check.
fn build(root: &Path) -> Result<(), String> {
    let ranks_dir = target_dir(root).join("lab3-solution");
    let ranks_dir = ranks_dir.to_string_lossy();
    let steps: [&[&str]; 4] = [
        &["test", "-p", "lab3", "--features", "solution", "--no-run", "--test", "*"],
        &["bench", "-p", "lab3", "--features", "solution", "--no-run"],
        &["build", "-p", "lab3-ranks", "--bins", "--features", "solution", "--target-dir", &ranks_dir],
        &[
            "build",
            "-p",
            "lab3-ranks",
            "--bins",
            "--release",
            "--features",
            "solution",
            "--target-dir",
            &ranks_dir,
        ],
    ];
    for args in steps {
        Cmd::cargo().args(["--quiet"]).args(args).dir(root).limit(BUILD_LIMIT).run()?;
    }
    Ok(())
}

/// Where cargo builds: as lab 3's harness decides.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Why the namespaces could not be made.
enum Failure {
    /// This machine refuses them (`ip netns add` fails, or veth pairs are
    /// not available): skip.
    Refused(String),
    /// A later step failed where those worked: a bug here, fail.
    Broken(String),
}
use Failure::{Broken, Refused};

/// The two namespaces, while they exist; dropping this removes them.
struct Nodes;

impl Nodes {
    /// Removes leftovers of an earlier run, then makes both namespaces, the
    /// veth pair between them, their addresses and their hosts files.
    fn up() -> Result<Nodes, Failure> {
        teardown();
        // From here on, dropping `nodes` removes whatever was made.
        let nodes = Nodes;
        let (first, _) = NODES[0];
        ip(&["netns", "add", first]).map_err(|why| {
            Refused(format!("network namespaces refused here (`ip netns add` needs CAP_SYS_ADMIN): {why}"))
        })?;
        let (second, _) = NODES[1];
        ip(&["netns", "add", second]).map_err(Broken)?;
        ip(&["link", "add", LINK, "netns", first, "type", "veth", "peer", "name", LINK, "netns", second])
            .map_err(|why| {
                Refused(format!("no veth pair between namespaces (veth module missing?): {why}"))
            })?;
        let hosts: String = NODES.iter().map(|(name, address)| format!("{address} {name}\n")).collect();
        for (name, address) in NODES {
            ip(&["-n", name, "addr", "add", &format!("{address}/{PREFIX}"), "dev", LINK]).map_err(Broken)?;
            ip(&["-n", name, "link", "set", "lo", "up"]).map_err(Broken)?;
            ip(&["-n", name, "link", "set", LINK, "up"]).map_err(Broken)?;
            let dir = netns_etc(name);
            std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(dir.join("hosts"), format!("127.0.0.1 localhost\n{hosts}")))
                .map_err(|e| Broken(format!("{}: {e}", dir.display())))?;
        }
        Ok(nodes)
    }

    /// Runs lab 3's tests and its benchmark with `mpirun` in the first
    /// namespace, then checks from the ranks' reports and the veth's counters
    /// that the ranks ran in the two namespaces and talked over the veth.
    fn run_lab(&self, root: &Path) -> Result<String, String> {
        let hosts = target_dir(root).join("lab3-two-nodes").join("hosts");
        std::fs::create_dir_all(hosts.parent().expect("a folder"))
            .and_then(|()| std::fs::write(&hosts, HOSTFILE))
            .map_err(|e| format!("{}: {e}", hosts.display()))?;
        let launcher = launcher(&hosts);
        eprintln!("  {LAUNCHER}=\"{launcher}\"");
        eprintln!(
            "  with {}",
            one_machine_env(root).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
        );

        let before = sent_bytes()?;
        in_first_node(root, &launcher, &["test", "-p", "lab3", "--features", "solution", "--test", "*"])
            .args(["--", "--skip", SKIPPED_TEST])
            .run()?;
        let after_tests = sent_bytes()?;
        let bench =
            in_first_node(root, &launcher, &["bench", "-p", "lab3", "--features", "solution"]).capture()?;
        print!("{}", bench.stdout);
        if !bench.success() {
            return Err(format!(
                "the ping-pong benchmark between the nodes failed{}:\n{}",
                if bench.timed_out { " (timed out)" } else { "" },
                bench.stderr
            ));
        }
        let after_bench = sent_bytes()?;

        // The ranks' own word: each names its network namespace's inode.
        let places = timed_run::report_lines(&bench.stdout, "LAB3");
        let namespace_of = |rank: &str| {
            places
                .iter()
                .find(|fields| {
                    fields.get("rank").map(String::as_str) == Some(rank) && fields.contains_key("netns")
                })
                .map(|fields| fields["netns"].clone())
        };
        for (rank, (name, _)) in ["0", "1"].into_iter().zip(NODES) {
            let want = namespace_inode(name)?;
            let got = namespace_of(rank)
                .ok_or_else(|| format!("the benchmark's rank {rank} did not report its network namespace"))?;
            if got != want {
                return Err(format!(
                    "rank {rank} ran in network namespace {got}, not in {name} ({want}): the ranks did not run on two nodes"
                ));
            }
        }
        let over_veth = after_bench - after_tests;
        if over_veth < MIN_BENCH_BYTES {
            return Err(format!(
                "only {over_veth} bytes left {} over {LINK} during the benchmark: its ranks did not talk over the veth",
                NODES[0].0
            ));
        }
        let row = |size: &str| {
            bench
                .stdout
                .lines()
                .find(|line| line.starts_with(&format!("| {size} |")))
                .map(|line| line.split('|').map(str::trim).skip(2).take(2).collect::<Vec<_>>().join(", "))
        };
        Ok(format!(
            "ranks in {} and {} over TCP on {LINK}: tests sent {} KiB, ping-pong {} MiB; 8 B: {}; 4 MiB: {}",
            NODES[0].0,
            NODES[1].0,
            (after_tests - before) >> 10,
            over_veth >> 20,
            row("8 B").unwrap_or_default(),
            row("4 MiB").unwrap_or_default(),
        ))
    }
}

impl Drop for Nodes {
    fn drop(&mut self) {
        teardown();
    }
}

/// `cargo <args>` in the first namespace, with the two-host launcher and
/// the one-machine environment.
fn in_first_node(root: &Path, launcher: &str, args: &[&str]) -> Cmd {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Cmd::new("ip")
        .args(["netns", "exec", NODES[0].0])
        .args([cargo])
        .args(args)
        .env(LAUNCHER, launcher)
        .dir(root)
        .limit(RUN_LIMIT);
    for (key, value) in one_machine_env(root) {
        cmd = cmd.env(key, value);
    }
    cmd
}

/// The bytes the first node has sent over the veth so far.
fn sent_bytes() -> Result<u64, String> {
    let statistics = format!("/sys/class/net/{LINK}/statistics/tx_bytes");
    let out =
        Cmd::new("ip").args(["netns", "exec", NODES[0].0, "cat", &statistics]).limit(IP_LIMIT).capture()?;
    out.stdout
        .trim()
        .parse()
        .map_err(|_| format!("{statistics} in {}: {:?} {}", NODES[0].0, out.stdout, out.stderr))
}

/// The inode of namespace `name` (what `/proc/self/ns/net` names in it).
fn namespace_inode(name: &str) -> Result<String, String> {
    let path = Path::new("/run/netns").join(name);
    std::fs::metadata(&path)
        .map(|meta| meta.ino().to_string())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The folder whose `hosts` file `ip netns exec` mounts over `/etc/hosts`.
fn netns_etc(name: &str) -> PathBuf {
    Path::new("/etc/netns").join(name)
}

/// Runs `ip <args>` under its time limit; the error is its first line of
/// complaint.
fn ip(args: &[&str]) -> Result<(), String> {
    let shown = format!("ip {}", args.join(" "));
    let out = Cmd::new("ip").args(args).limit(IP_LIMIT).capture()?;
    if out.success() {
        Ok(())
    } else {
        let why = out.stderr.lines().next().unwrap_or(if out.timed_out { "timed out" } else { "failed" });
        Err(format!("`{shown}`: {why}"))
    }
}

/// Removes both namespaces (and the veth pair with them) and their hosts
/// files, stopping first what still runs in them (a daemon of a run that
/// was killed). Quiet about what is not there.
fn teardown() {
    for (name, _) in NODES {
        if Path::new("/run/netns").join(name).exists() {
            let pids = Cmd::new("ip").args(["netns", "pids", name]).limit(IP_LIMIT).capture();
            let pids: Vec<String> =
                pids.map(|out| out.stdout.split_whitespace().map(String::from).collect()).unwrap_or_default();
            if !pids.is_empty() {
                let _ = Cmd::new("kill").args(["-KILL"]).args(&pids).limit(IP_LIMIT).capture();
            }
            if let Err(why) = ip(&["netns", "del", name]) {
                eprintln!("  could not remove network namespace {name}: {why}");
            }
        }
        let dir = netns_etc(name);
        let _ = std::fs::remove_file(dir.join("hosts"));
        let _ = std::fs::remove_dir(&dir);
    }
    // /etc/netns itself, if nothing else uses it.
    let _ = std::fs::remove_dir("/etc/netns");
}
