import OTPCore

/// What `:ets` raises: Erlang's `badarg`, which Elixir shows as an `ArgumentError` with the same
/// text (`errors were found at the given arguments: * 1st argument: …`).
///
/// A process that does not catch it exits with `:badarg`.
///
/// Threading: a value type; safe to share.
public struct ETSError: Error, Sendable, Equatable, CustomStringConvertible, ExitReasonConvertible {
    /// Which argument was wrong and why, as the BEAM words it:
    /// `"1st argument: the table identifier refers to an ETS table with insufficient access rights"`.
    public let argument: String

    public static func badarg(_ argument: String) -> ETSError { ETSError(argument: argument) }

    /// Elixir's `ArgumentError` message.
    public var message: String { "errors were found at the given arguments:\n\n  * \(argument)\n" }
    public var description: String { "** (ArgumentError) " + message }
    public var exitReason: Term { .atom("badarg") }

    static let noTable = badarg("1st argument: the table identifier does not refer to an existing ETS table")
    static let access = badarg("1st argument: the table identifier refers to an ETS table with insufficient access rights")
    static let wrongType = badarg("1st argument: the table identifier refers to an ETS table of a type not supported by this operation")
    static let missingKey = badarg("2nd argument: not a key that exists in the table")
    static let notTuple = badarg("2nd argument: not a tuple")
    static let emptyTuple = badarg("2nd argument: is an empty tuple")
    static let nameTaken = badarg("1st argument: table name already exists")
    static let keyPosition = badarg("3rd argument: the position is the same as the key position")
    static let outOfRange = badarg("3rd argument: out of range")
    static let notInteger = badarg("3rd argument: the value in the given position, in the object, is not an integer")
    static let positionTooLarge = badarg("3rd argument: position is greater than the size of the object")
    static let deadProcess = badarg("2nd argument: the pid refers to a terminated process")
    static let alreadyOwner = badarg("2nd argument: the process is already the owner of the table")
    static let invalidOptions = badarg("2nd argument: invalid options")
}
