import OTP

/// Builds a chain of `length` processes (length is 1 or more) and returns the number the last
/// one sends back.
///
/// The caller spawns only the first process. Each process in the chain spawns the next one, so
/// process 1 spawns process 2, process 2 spawns process 3, and so on. The last process (number
/// `length`) sends its number, an `Int`, to the caller, which returns it. Every process ends
/// once it has done its part.
///
/// The tests build a chain of 10,000 processes and check, in the runtime's trace, who spawned
/// whom. Right now no process is spawned at all.
///
/// TODO:
/// - write a function that process number `position` runs: spawn the next one, or, if it is
///   the last, send `position` to the caller (pass the caller's pid along);
/// - here: remember `selfPid()`, spawn process 1, and `receive` the `Int`.
func chain(length: Int) async throws -> Int {
    return 0
}
