// The fuzz build compiles only Sources/OTPCore/Terms, not the rest of OTPCore (schedulers,
// mailboxes). `Pid` names the type `LocalProcess`, which lives in OTPCore/Processes; the fuzzer
// never creates a process, so an empty class of that name stands in for it here. This file is
// only ever compiled by scripts/fuzz.sh.
package final class LocalProcess: Sendable {}
