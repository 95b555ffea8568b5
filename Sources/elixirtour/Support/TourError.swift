import TourEngine

/// A failure a command reports to the learner, with the exit code scripts see:
/// 1 when a check failed, 2 for a usage or content error.
enum TourError: Error, CustomStringConvertible {
    /// The command was used wrongly (an unknown name, a missing argument).
    case usage(String)
    /// The lesson content, the workspace or the progress file is unusable.
    case content(String)
    /// A check ran and did not pass.
    case checkFailed(String)

    var exitCode: Int32 {
        switch self {
        case .usage, .content: return 2
        case .checkFailed: return 1
        }
    }

    var description: String {
        switch self {
        case .usage(let message), .content(let message), .checkFailed(let message): return message
        }
    }

    /// Wraps the engine's errors; anything else is reported as a content error.
    init(_ error: Error) {
        switch error {
        case let error as TourError: self = error
        case let error as CatalogError: self = .content(error.description)
        case let error as WorkspaceError: self = .content(error.description)
        case let error as ProgressError: self = .content(error.description)
        case let error as ContentError: self = .content(error.description)
        default: self = .content("\(error)")
        }
    }

    /// "unknown lesson 'x'" with the nearest names as suggestions.
    static func unknown(_ kind: String, _ name: String, among names: [String], listCommand: String) -> TourError {
        var message = "There is no \(kind) named '\(name)'."
        let guesses = Suggestions.candidates(for: name, in: names)
        if !guesses.isEmpty { message += " Did you mean " + guesses.map { "'\($0)'" }.joined(separator: " or ") + "?" }
        message += " Run '\(listCommand)' to see them all."
        return .usage(message)
    }
}
