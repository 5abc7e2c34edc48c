// SPDX-License-Identifier: GPL-2.0

//! Builds what the host crate links against and generates its bindings.
//!
//! The C core (`c/`), the simulated TDX module (`c/sim/`), the host shims
//! (`tests/shim/`) and the Rust helpers (`bindings/`) are compiled with the
//! system C compiler into one static library, the way the top-level
//! Makefile builds the host test programs. bindgen (0.71, see
//! `scripts/rust-tools.sh`; `BINDGEN` overrides) reads
//! `bindings/tdx_bindings.h` with the same include paths.

use std::env;
use std::fs;
use std::path::Path;
use std::path::PathBuf;
use std::process::Command;

fn sources(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !skip.contains(&name)
        })
        .collect();
    out.sort();
    out
}

fn run(cmd: &mut Command) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed: {status}");
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest
        .parent()
        .expect("rust/ is in the repository")
        .to_path_buf();
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it"));
    let cc = env::var("CC").unwrap_or_else(|_| "gcc".into());

    let includes = [
        root.join("tests/shim/include"),
        root.join("include"),
        root.join("c"),
    ];
    let mut srcs = sources(&root.join("c"), &[]);
    srcs.extend(sources(&root.join("c/sim"), &["boot.c"]));
    srcs.extend(sources(&root.join("tests/shim"), &["kunit_main.c"]));
    srcs.push(root.join("bindings/helpers.c"));
    srcs.push(root.join("bindings/env_host.c"));

    // Compile everything at once; the machine has few cores but gcc
    // processes overlap their I/O.
    let mut objs = Vec::new();
    let mut children = Vec::new();
    for (i, src) in srcs.iter().enumerate() {
        let obj = out.join(format!(
            "{i:02}-{}.o",
            src.file_stem().and_then(|s| s.to_str()).unwrap_or("x")
        ));
        let mut cmd = Command::new(&cc);
        cmd.args([
            "-std=gnu11",
            "-g",
            "-O1",
            "-fPIC",
            "-pthread",
            "-Wall",
            "-Wextra",
            "-Werror",
        ])
        .args([
            "-Wno-unused-parameter",
            "-Wno-sign-compare",
            "-Wno-missing-field-initializers",
        ]);
        for inc in &includes {
            cmd.arg("-I").arg(inc);
        }
        cmd.arg("-c").arg(src).arg("-o").arg(&obj);
        children.push((
            cmd.spawn()
                .unwrap_or_else(|e| panic!("cannot run {cc}: {e}")),
            src.clone(),
        ));
        objs.push(obj);
        println!("cargo:rerun-if-changed={}", src.display());
    }
    for (mut child, src) in children {
        let status = child.wait().expect("compiler started");
        assert!(status.success(), "compiling {} failed", src.display());
    }
    let lib = out.join("libtdxcore.a");
    let _ = fs::remove_file(&lib);
    run(Command::new("ar").arg("crs").arg(&lib).args(&objs));
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=tdxcore");
    println!("cargo:rustc-link-lib=pthread");

    let bindgen = env::var("BINDGEN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join(".cache/tools/bin/bindgen"));
    assert!(
        bindgen.exists(),
        "bindgen not found at {}: run scripts/rust-tools.sh (or set BINDGEN)",
        bindgen.display()
    );
    let generated = out.join("tdx_bindings.rs");
    let params = fs::read_to_string(root.join("bindings/bindgen_parameters"))
        .expect("bindings/bindgen_parameters is readable");
    let mut cmd = Command::new(&bindgen);
    cmd.arg(root.join("bindings/tdx_bindings.h"))
        .args(
            params
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#')),
        )
        .arg("-o")
        .arg(&generated)
        .arg("--");
    for inc in &includes {
        cmd.arg("-I").arg(inc);
    }
    run(&mut cmd);
    println!("cargo:rustc-env=TDX_BINDINGS={}", generated.display());

    for dir in [
        "include/tdx",
        "c",
        "c/sim",
        "tests/shim",
        "tests/shim/include",
        "bindings",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    println!("cargo:rerun-if-env-changed=BINDGEN");
    println!("cargo:rerun-if-env-changed=CC");
}
