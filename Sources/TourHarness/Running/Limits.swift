#if canImport(Glibc)
import Glibc
#endif

/// The resource limits the harness puts on itself before any learner code runs, from the
/// `ELIXIRTOUR_LIMITS` variable the checker sets (`cpu=5,as=2147483648,nproc=4096,fsize=1048576,stack=8388608`).
///
/// CPU seconds and address space end a runaway program (SIGXCPU, failed allocations); the file
/// size limit caps what it can write, its captured output included (writes past it fail, and
/// SIGXFSZ is ignored so that a flood of prints only stops being recorded); the process count
/// bounds thread creation; the stack limit bounds the main thread's stack.
enum Limits {
    static let variable = "ELIXIRTOUR_LIMITS"

    static func applyFromEnvironment() {
        defer { unsetenv(variable) }
        guard let raw = getenv(variable) else { return }
        for pair in String(cString: raw).split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = UInt64(parts[1]) else { continue }
            switch parts[0] {
            case "cpu": set(Int32(RLIMIT_CPU.rawValue), soft: value, hard: value + 1)
            case "as": set(Int32(RLIMIT_AS.rawValue), soft: value, hard: value)
            case "nproc": set(Int32(__RLIMIT_NPROC.rawValue), soft: value, hard: value)
            case "fsize":
                signal(SIGXFSZ, SIG_IGN)
                set(Int32(RLIMIT_FSIZE.rawValue), soft: value, hard: value)
            case "stack": set(Int32(RLIMIT_STACK.rawValue), soft: value, hard: value)
            default: continue
            }
        }
    }

    /// Lowers a limit; never raises one above what the process already has.
    private static func set(_ resource: Int32, soft: UInt64, hard: UInt64) {
        var current = rlimit()
        guard getrlimit(resource, &current) == 0 else { return }
        var wanted = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard))
        if current.rlim_max != rlim_t.max {  // RLIM_INFINITY
            wanted.rlim_max = min(wanted.rlim_max, current.rlim_max)
            wanted.rlim_cur = min(wanted.rlim_cur, wanted.rlim_max)
        }
        _ = setrlimit(resource, &wanted)
    }
}
