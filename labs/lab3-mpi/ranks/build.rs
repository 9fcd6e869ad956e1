//! Links lab 3's request counter (`pmpi/count_requests.c`, MPI's profiling
//! interface) into every rank program, compiled with `mpicc` so it sees the
//! same `mpi.h` as the `mpi` crate. Whole-archive: its `MPI_Wait` and friends
//! must replace the MPI library's even though nothing names them directly.

fn main() {
    println!("cargo:rerun-if-changed=pmpi/count_requests.c");
    cc::Build::new()
        .compiler("mpicc")
        .file("pmpi/count_requests.c")
        .warnings(true)
        .link_lib_modifier("+whole-archive")
        .compile("lab3_count_requests");
}
