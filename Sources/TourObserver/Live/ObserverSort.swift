/// How the live observer orders its process list.
///
/// Threading: a value type; safe to share.
public enum ObserverSort: String, Sendable, CaseIterable {
    /// The supervision tree: each process under the one that started it, with restart counts.
    case tree
    /// Longest mailbox first: who is falling behind.
    case mailbox
    /// Most work done first (messages received, the runtime's reductions).
    case work
    /// By pid, oldest first.
    case pid
    /// Registered processes first, by name.
    case name

    /// The key that picks it.
    public var key: Character {
        switch self {
        case .tree: "t"
        case .mailbox: "m"
        case .work: "w"
        case .pid: "p"
        case .name: "n"
        }
    }

    /// The next one, for the key that cycles through them.
    var next: ObserverSort {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
