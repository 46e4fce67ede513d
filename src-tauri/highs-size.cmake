# The package's HiGHS built for size (make package, make build-bench): highs-sys builds HiGHS as
# CMake's Release, -O3; the package's Rust is built for size (opt-level s), and so is HiGHS here,
# -Os: 39 % less code (6.8 MB of HiGHS's library text at -O3, 4.2 MB at -Os; -O2 6.1 MB), 28 %
# slower (the `highs` program proving the bench's five mission models: 129 s instead of 101). Read by
# CMake as a toolchain file through the cmake crate (CMAKE_TOOLCHAIN_FILE in the environment),
# before the compiler's defaults, which fill these entries only when they are empty.
set(CMAKE_C_FLAGS_RELEASE "-Os -DNDEBUG" CACHE STRING "")
set(CMAKE_CXX_FLAGS_RELEASE "-Os -DNDEBUG" CACHE STRING "")
