import OTPCore

/// The engine behind `elixirtour match 'PATTERN = TERM'` and the shell's `match` command.
///
/// A line holds one or more statements separated by `;`, each usually `PATTERN = TERM`. Later
/// statements see the variables bound by earlier ones (so `x = 1; {^x, y} = {1, 2}` pins),
/// and a session remembers bindings across lines, as iex does.
///
/// Threading: a value type; use one session from one thread at a time.
package struct MatchSession: Sendable {
    /// The variables bound so far.
    public private(set) var environment: Bindings

    public init(environment: Bindings = Bindings()) { self.environment = environment }

    /// The result of one line.
    public struct Outcome: Sendable, Hashable {
        /// `name = value` lines, `(no bindings)`, or the error (iex's exact line for a MatchError),
        /// after any `warning: ...` lines iex prints for the line.
        public var output: String
        public var isError: Bool
        /// The variables this line bound, in order.
        public var bindings: Bindings
    }

    /// Evaluates a line in a fresh session: `MatchSession.evaluate("{:ok, x} = {:ok, 1}")`.
    public static func evaluate(_ line: String) -> (output: String, isError: Bool) {
        var session = MatchSession()
        let outcome = session.run(line)
        return (outcome.output, outcome.isError)
    }

    /// Evaluates a line in this session, keeping its bindings when it succeeds.
    public mutating func run(_ line: String) -> Outcome {
        let statements: [Expr]
        do {
            statements = try Parser.parseStatements(line)
        } catch {
            return Outcome(output: error.report(source: line), isError: true, bindings: Bindings())
        }
        var evaluator = Evaluator(environment: environment)
        // iex prints its warnings (an `_name` used after being set, or twice in one match)
        // before the result, whether the line then succeeds or fails.
        func withWarnings(_ text: String) -> String { (evaluator.warnings + [text]).joined(separator: "\n") }
        do {
            for statement in statements { _ = try evaluator.evaluate(statement) }
        } catch {
            switch error {
            case .compile(let syntax), .undefinedVariable(_, let syntax):
                return Outcome(output: withWarnings(syntax.report(source: line)), isError: true, bindings: Bindings())
            default:
                return Outcome(output: withWarnings(error.line), isError: true, bindings: Bindings())
            }
        }
        environment = evaluator.environment
        return Outcome(output: withWarnings(evaluator.bound.listing), isError: false, bindings: evaluator.bound)
    }
}
