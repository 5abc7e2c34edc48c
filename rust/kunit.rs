// SPDX-License-Identifier: GPL-2.0

//! KUnit suite boilerplate for Linux 6.12, which has no `#[kunit_tests]`
//! (it arrived in 6.15).
//!
//! [`kunit_suite!`] fills the C `kunit_case` array and `kunit_suite` by
//! hand and puts a pointer to the suite in `.kunit_test_suites`, as the C
//! `kunit_test_suite()` macro does. Each case runs a function returning
//! `Result<(), impl Display>`; an error is logged and fails the case.
//! This is the only place outside the API's FFI module with `unsafe`:
//! KUnit's C structures need it.

/// Returns a zeroed `kunit_case`: all-zero is a valid value (null
/// pointers, `None`, 0), and is the array's terminator.
pub(crate) const fn zeroed_case() -> kernel::bindings::kunit_case {
    // SAFETY: every field of `kunit_case` is an integer, a raw pointer or
    // an `Option` of a function pointer, for which all-zero is valid.
    unsafe { core::mem::MaybeUninit::zeroed().assume_init() }
}

/// A `kunit_case` running `run` under `name`.
pub(crate) const fn case(
    name: &'static kernel::str::CStr,
    run: unsafe extern "C" fn(*mut kernel::bindings::kunit),
) -> kernel::bindings::kunit_case {
    let mut c = zeroed_case();
    c.run_case = Some(run);
    c.name = name.as_char_ptr();
    c
}

/// Returns a zeroed `kunit_suite` named `name`.
pub(crate) const fn suite(
    name: &[u8],
    cases: *mut kernel::bindings::kunit_case,
) -> kernel::bindings::kunit_suite {
    // SAFETY: every field of `kunit_suite` is an integer, an array of
    // them, a raw pointer or an `Option` of a function pointer, for which
    // all-zero is valid.
    let mut s: kernel::bindings::kunit_suite =
        unsafe { core::mem::MaybeUninit::zeroed().assume_init() };
    let mut i = 0;
    // Leave the last byte 0: the name is a C string.
    while i < name.len() && i + 1 < s.name.len() {
        s.name[i] = name[i];
        i += 1;
    }
    s.test_cases = cases;
    s
}

/// Declares a KUnit suite `$suite` whose cases call `$path::$case()`.
///
/// ```ignore
/// kunit_suite!(tdx_rust, "tdx_rust", selftests, [td_build_run_drop, ...]);
/// ```
macro_rules! kunit_suite {
    ($module:ident, $name:literal, $path:path, [$($case:ident),* $(,)?]) => {
        mod $module {
            use $path as scenarios;

            $(
                /// Runs the scenario of the same name as a KUnit case.
                ///
                /// # Safety
                ///
                /// Called by KUnit only, on the task running the case.
                unsafe extern "C" fn $case(_test: *mut kernel::bindings::kunit) {
                    let outcome = scenarios::$case();
                    if let Err(failure) = &outcome {
                        kernel::kunit::err(format_args!(
                            "    # {}: {}\n",
                            stringify!($case),
                            failure
                        ));
                    }
                    kernel::kunit_assert!($name, "rust/selftests.rs", 0, outcome.is_ok());
                }
            )*

            /// The names of the cases, in order.
            pub(crate) const NAMES: &[&str] = &[$(stringify!($case)),*];
            const NR_CASES: usize = NAMES.len();

            static mut CASES: [kernel::bindings::kunit_case; NR_CASES + 1] = [
                $($crate::kunit::case(kernel::c_str!(stringify!($case)), $case),)*
                $crate::kunit::zeroed_case(),
            ];

            // KUnit is the only user of these, through the pointers below.
            static mut SUITE: kernel::bindings::kunit_suite =
                $crate::kunit::suite($name.as_bytes(), core::ptr::addr_of_mut!(CASES).cast());

            #[used]
            #[link_section = ".kunit_test_suites"]
            static mut SUITE_PTR: *mut kernel::bindings::kunit_suite =
                core::ptr::addr_of_mut!(SUITE);
        }
    };
}

pub(crate) use kunit_suite;
