/// Why a check could not be made at all (as opposed to a verdict on the learner's code).
///
/// Threading: an immutable value; safe to share between threads.
public enum CheckerError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingLearnerFile(String)
    case cannotRead(String)
    case cannotWrite(String, String)
    case swiftcNotFound
    case runtimeMissing(String)
    case toolFailed(String)

    public var description: String {
        switch self {
        case .missingLearnerFile(let path):
            return "Your file \(path) does not exist. Run 'elixirtour init' to get the exercise's starter (or 'reset' it)."
        case .cannotRead(let path): return "Cannot read \(path)."
        case .cannotWrite(let path, let reason): return "Cannot write \(path): \(reason)"
        case .swiftcNotFound:
            return "swiftc was not found on PATH: install the Swift toolchain (or set ELIXIRTOUR_SWIFTC to swiftc's path)."
        case .runtimeMissing(let detail): return "The prebuilt runtime is missing and could not be built: \(detail)"
        case .toolFailed(let detail): return detail
        }
    }
}
