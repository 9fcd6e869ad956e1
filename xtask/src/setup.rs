//! `cargo xtask setup`: install whatever the book and the labs need and is
//! missing, idempotently. Each step reports what it did and how long it took.

use std::path::Path;
use std::time::Duration;

use crate::cmd::{self, Cmd};
use crate::prereqs::{self, Fix, Need, Prereq, Scope};

/// The operating systems `setup` knows how to install packages on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum System {
    /// Debian, Ubuntu and their derivatives: `setup` installs with apt-get.
    Debian,
    /// Fedora and RHEL-like systems: `setup` prints the dnf command.
    Fedora,
    /// macOS: `setup` prints the Homebrew command.
    MacOs,
    /// Anything else: `setup` prints every command it knows.
    Other,
}

/// Which system this is.
pub fn system() -> System {
    if cfg!(target_os = "macos") {
        System::MacOs
    } else if Path::new("/etc/debian_version").exists() {
        System::Debian
    } else if Path::new("/etc/fedora-release").exists() || Path::new("/etc/redhat-release").exists() {
        System::Fedora
    } else {
        System::Other
    }
}

/// Installs what the given scopes need. Errors name what could not be
/// installed; an optional part that fails only prints a warning (and fails in
/// CI, where every stage must run).
pub fn ensure(root: &Path, scopes: &[Scope]) -> Result<String, String> {
    let wanted: Vec<Prereq> = prereqs::all().into_iter().filter(|p| scopes.contains(&p.scope)).collect();
    let missing: Vec<&Prereq> = wanted.iter().filter(|p| (p.probe)(root).is_err()).collect();
    if missing.is_empty() {
        eprintln!("setup: everything needed is already installed");
        return Ok("everything was already installed".into());
    }
    install_system_packages(&missing)?;
    let mut failures = Vec::new();
    for prereq in missing.iter().filter(|p| !matches!(p.fix, Fix::System { .. })) {
        let (result, _) = cmd::timed(&format!("install {}", prereq.name), || install(root, prereq));
        if let Err(why) = result {
            match prereq.need {
                Need::RequiredInCi if !in_ci() => {
                    eprintln!(
                        "warning: {} could not be installed ({why}); the stages that need it are skipped",
                        prereq.name
                    )
                }
                _ => failures.push(format!("{}: {why}", prereq.name)),
            }
        }
    }
    // Check again: an install that "succeeded" but left the thing missing is a failure too.
    for prereq in &missing {
        if let Err(why) = (prereq.probe)(root) {
            let already = failures.iter().any(|f| f.starts_with(prereq.name));
            if prereq.need == Need::Required && !already {
                failures.push(format!("{}: still missing after install ({why})", prereq.name));
            }
        }
    }
    if failures.is_empty() {
        let names: Vec<&str> = missing.iter().map(|p| p.name).collect();
        Ok(format!("installed {}", names.join(", ")))
    } else {
        Err(format!("setup could not install: {}", failures.join("; ")))
    }
}

/// True inside CI (`CI=true`), where optional stages become required.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn install_system_packages(missing: &[&Prereq]) -> Result<(), String> {
    let mut debian: Vec<&str> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for prereq in missing {
        if let Fix::System { debian: pkgs, .. } = prereq.fix {
            for pkg in pkgs {
                if !debian.contains(pkg) {
                    debian.push(pkg);
                }
            }
            let line = prereq.fix.command_line();
            if !others.contains(&line) {
                others.push(line);
            }
        }
    }
    if debian.is_empty() {
        return Ok(());
    }
    if system() != System::Debian {
        eprintln!(
            "setup installs system packages only on Debian/Ubuntu. Run these, then `cargo xtask setup` again:"
        );
        for line in &others {
            eprintln!("    {line}");
        }
        return Err("system packages missing (commands printed above)".into());
    }
    let sudo = prereqs::sudo_prefix();
    if !sudo.is_empty() && !cmd::on_path("sudo") {
        return Err(format!("not root and no sudo: run as root: apt-get install -y {}", debian.join(" ")));
    }
    // apt-get's progress is long and says little; show it only when it fails.
    let apt = |args: &[&str]| {
        let cmd = if sudo.is_empty() { Cmd::new("apt-get") } else { Cmd::new("sudo").args(["apt-get"]) };
        let cmd = cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive").limit(Duration::from_secs(20 * 60));
        eprintln!("  $ {}", cmd.shown());
        let out = cmd.capture()?;
        if out.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} failed:\n{}{}", args.join(" "), out.stdout, out.stderr))
        }
    };
    let (result, _) = cmd::timed("apt-get update", || apt(&["update", "-qq"]));
    result?;
    let mut args = vec!["install", "-y", "-qq"];
    args.extend(&debian);
    let (result, _) = cmd::timed(&format!("apt-get install {}", debian.join(" ")), || apt(&args));
    result
}

fn install(root: &Path, prereq: &Prereq) -> Result<(), String> {
    match prereq.fix {
        Fix::System { .. } => Ok(()),
        Fix::MachineSetting(what) => Err(format!("setup cannot change this: {what}")),
        Fix::PinnedToolchain => Cmd::new("rustup")
            .args(["toolchain", "install", prereqs::PINNED_RUST, "--profile", "minimal"])
            .args(["--component", "rustfmt,clippy"])
            .run(),
        Fix::RustupTarget(target) => Cmd::new("rustup").args(["target", "add", target]).dir(root).run(),
        Fix::NightlyMiri => {
            let has_nightly =
                Cmd::new("rustup").args(["run", "nightly", "rustc", "--version"]).first_line().is_some();
            if has_nightly {
                Cmd::new("rustup")
                    .args(["component", "add", "--toolchain", "nightly", "miri", "rust-src"])
                    .run()?;
            } else {
                Cmd::new("rustup")
                    .args([
                        "toolchain",
                        "install",
                        "nightly",
                        "--profile",
                        "minimal",
                        "--component",
                        "miri,rust-src",
                    ])
                    .run()?;
            }
            // Build Miri's sysroot now, so the first test run does not pay for it.
            Cmd::new("cargo").args(["+nightly", "miri", "setup"]).dir(root).run()
        }
        // One build folder for every tool: mdbook-admonish and mdbook-mermaid
        // build much of what mdbook does (and each other), and a crate built
        // once at the same version and features is not built again. And
        // without optimisation: on 2 cores mdbook-mermaid installs in 40 s
        // instead of 87 s, and the unoptimised mdbook builds this book in
        // 2.1 s instead of 0.55 s, which no reader or test waits on.
        Fix::CargoInstall { krate, version } => Cmd::new("cargo")
            .args(["install", "--locked", "--version", version, krate, "--target-dir"])
            .args([root.join("target/tools-build")])
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .limit(Duration::from_secs(30 * 60))
            .run(),
        Fix::PipTool { package, version, dir } => {
            let target = root.join("target/tools").join(dir);
            let _ = std::fs::remove_dir_all(&target);
            Cmd::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--root-user-action=ignore",
                ])
                .args(["--only-binary=:all:", "--target"])
                .args([&target])
                .args([format!("{package}=={version}")])
                .run()
        }
    }
}
