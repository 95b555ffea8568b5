import Foundation

/// One lesson of the tour: its pages, examples and exercises, in the order the author gave.
///
/// Threading: an immutable value; safe to share between threads.
public struct Lesson: Sendable, Equatable {
    /// The lesson's position in the tour, from 1.
    public let number: Int
    /// The lesson's stable identifier from `lesson.json` (`processes`).
    public let id: String
    public let title: String
    public let summary: String
    /// The lesson's folder (`Lessons/01-processes`).
    public let folder: URL
    public let pages: [Page]
    public let examples: [Example]
    public let exercises: [Exercise]
}

/// One page of a lesson: Markdown text loaded from `pages/NN-slug.md`.
///
/// Threading: an immutable value; safe to share between threads.
public struct Page: Sendable, Equatable {
    /// The page's position in its lesson, from 1.
    public let number: Int
    /// The text of the page's first heading, or its file name when it has none.
    public let title: String
    public let file: URL
    public let markdown: String
}

/// A runnable example program: `examples/<name>.swift`, with an Elixir twin when one exists.
///
/// Threading: an immutable value; safe to share between threads.
public struct Example: Sendable, Equatable {
    /// Unique across the whole tour.
    public let name: String
    public let description: String
    /// The `id` of the lesson the example belongs to.
    public let lessonID: String
    public let swiftFile: URL
    /// `examples/<name>.exs`, or nil when the example has no Elixir twin.
    public let elixirFile: URL?
    /// The `solution.swift` of the exercise that `solutionOf` in lesson.json names: compiled
    /// together with `swiftFile`, which then holds only the program's top-level code. Nil for an
    /// example that is one file.
    public let exerciseSolution: URL?

    /// The files compiled with `swiftFile` into the example's program (its exercise's solution).
    public var companionFiles: [URL] { exerciseSolution.map { [$0] } ?? [] }
}

/// A graded exercise: metadata, starter, tests and reference solution.
///
/// Threading: an immutable value; safe to share between threads.
public struct Exercise: Sendable, Equatable {
    /// Unique across the whole tour.
    public let name: String
    /// The `id` of the lesson the exercise belongs to.
    public let lessonID: String
    public let title: String
    public let summary: String
    /// How long a check may run before the child process is stopped.
    public let timeoutSeconds: Double
    /// Two or more hints, from a nudge to nearly the answer.
    public let hints: [String]
    /// `exercises/<name>/` in the lesson.
    public let folder: URL
    /// The script of a real Elixir node the checker runs beside the learner's program
    /// (exercise.json's `elixirNode`, a file in `folder`), or nil.
    public var elixirNodeScript: URL? = nil
    public var metadataFile: URL { folder.appendingPathComponent("exercise.json") }
    public var starterFile: URL { folder.appendingPathComponent("starter.swift") }
    public var solutionFile: URL { folder.appendingPathComponent("solution.swift") }
    /// The tests the checker compiles with the learner's file; never copied to the workspace.
    public var testsFile: URL { folder.appendingPathComponent("tests.swift") }
}
