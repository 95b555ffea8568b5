import Foundation

/// One problem in the lesson content: the file, the line where known, and what is wrong.
///
/// Its description reads `path:line: message`, the form editors and terminals turn into links.
/// Threading: an immutable value; safe to share between threads.
public struct ContentError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: URL
    public let line: Int?
    public let message: String

    public init(file: URL, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file.path):\(line): \(message)" }
        return "\(file.path): \(message)"
    }
}

/// Why the lessons could not be loaded.
///
/// Threading: an immutable value; safe to share between threads.
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Lessons` folder was found; `searched` lists the places looked at, in order.
    case lessonsNotFound(searched: [URL])
    /// `ELIXIRTOUR_LESSONS` names a folder that does not exist.
    case overrideMissing(URL)
    /// The content has one or more errors; every one is listed.
    case invalid([ContentError])

    public var description: String {
        switch self {
        case .lessonsNotFound(let searched):
            let places = searched.map { "  \($0.path)" }.joined(separator: "\n")
            return """
                Could not find the Lessons folder. Looked in:
                \(places)
                Run elixirtour from its repository, or set ELIXIRTOUR_LESSONS to the Lessons folder.
                """
        case .overrideMissing(let url):
            return "ELIXIRTOUR_LESSONS is set to \(url.path), which is not a folder."
        case .invalid(let errors):
            let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
            return "The lesson content has \(count):\n" + errors.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
