/// What a drawn character stands for, which decides its colour.
///
/// Threading: a value type; safe to share.
enum Ink: Sendable, Equatable {
    case plain, heading, lane, send, signal, spawn, link, receive, exit, timeout, restart, note, selected

    /// The SGR parameters that show it in colour.
    var sgr: String? {
        switch self {
        case .plain: nil
        case .heading: "1"
        case .lane, .note: "2"
        case .send: "36"
        case .signal: "35"
        case .spawn: "32"
        case .link: "34"
        case .receive: "2;36"
        case .exit: "31"
        case .timeout: "33"
        case .restart: "1;35"
        case .selected: "7"
        }
    }
}
