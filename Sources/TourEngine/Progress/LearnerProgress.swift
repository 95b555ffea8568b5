/// The learner's progress: each exercise's status, attempts and hints, and where they are reading.
///
/// Stored as JSON in `<workspace>/.elixirtour/progress.json` by `ProgressStore`.
/// Threading: a value type; copies are independent and safe to send between threads.
public struct LearnerProgress: Codable, Sendable, Equatable {
    public static let currentFormat = 1

    /// Where the learner is reading: a lesson's id and a page number from 1.
    public struct Position: Codable, Sendable, Equatable {
        public var lesson: String
        public var page: Int

        public init(lesson: String, page: Int) {
            self.lesson = lesson
            self.page = page
        }
    }

    /// One exercise's record.
    public struct ExerciseRecord: Codable, Sendable, Equatable {
        public var status: ExerciseStatus
        public var attempts: Int
        public var hintsUsed: Int

        public init(status: ExerciseStatus = .notStarted, attempts: Int = 0, hintsUsed: Int = 0) {
            self.status = status
            self.attempts = attempts
            self.hintsUsed = hintsUsed
        }
    }

    public var format: Int
    public var position: Position?
    /// The exercise in hand: the one last opened with `exercise`, `check NAME` or `watch NAME`,
    /// or reached by reading onto a lesson's exercises page. A bare `check`, `hint`, `watch` or
    /// `solution` acts on it.
    public var currentExercise: String?
    /// Keyed by exercise name; an exercise with no record has not been started.
    public var exercises: [String: ExerciseRecord]

    public init(position: Position? = nil, exercises: [String: ExerciseRecord] = [:]) {
        self.format = Self.currentFormat
        self.position = position
        self.exercises = exercises
    }

    /// The record of an exercise, or an empty one when it has not been started.
    public func record(for exercise: String) -> ExerciseRecord {
        exercises[exercise] ?? ExerciseRecord()
    }
}

/// Where the learner stands on one exercise.
///
/// Threading: an immutable value; safe to share between threads.
public enum ExerciseStatus: String, Codable, Sendable, CaseIterable {
    case notStarted = "not started"
    case attempted
    case passed
}
