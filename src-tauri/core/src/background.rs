//! Work the planner does not wait for (the start-up page scan, backup and purge) runs at the
//! lowest CPU priority, so that on two cores the window's first screen gets them first
//! (issue 14: on a file of 100,000 contacts the scan alone is about a second of CPU).

/// Lowers the calling thread's CPU priority to the lowest (nice 19). Linux gives each thread
/// its own nice value; elsewhere, and if the system refuses, the thread keeps its priority:
/// the work is only done sooner.
pub fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}
