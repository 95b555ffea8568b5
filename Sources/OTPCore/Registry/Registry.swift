import Synchronization

/// Why `Process.register` refused a name.
public enum RegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case nameTaken(Atom)
    case notAlive(Pid)
    case alreadyRegistered(Pid, as: Atom)
    case notLocal(Pid)

    public var description: String {
        switch self {
        case .nameTaken(let name): "the name :\(name.name) is already registered"
        case .notAlive(let pid): "cannot register \(pid): the process is not alive"
        case .alreadyRegistered(let pid, let name): "\(pid) is already registered as :\(name.name)"
        case .notLocal(let pid): "cannot register \(pid): it is a process of another node"
        }
    }
}

/// The runtime's table of registered names (Elixir's `Process.register/2`).
///
/// Threading: all methods may be called from any thread; the table is guarded by a mutex. Lock order:
/// the registry's mutex, then a process's.
final class Registry: Sendable {
    private let names = Mutex<[Atom: LocalProcess]>([:])

    func register(_ pid: Pid, as name: Atom) throws(RegistrationError) {
        guard let process = pid.process else { throw .notLocal(pid) }
        try names.withLock { (table) throws(RegistrationError) in
            if let holder = table[name], holder.shared.withLock({ $0.isAlive }) { throw .nameTaken(name) }
            try process.shared.withLock { (s) throws(RegistrationError) in
                guard s.isAlive else { throw .notAlive(pid) }
                if let existing = s.name { throw .alreadyRegistered(pid, as: existing) }
                s.name = name
            }
            table[name] = process
        }
    }

    /// Removes a name; returns whether it was registered.
    func unregister(_ name: Atom) -> Bool {
        names.withLock { table in
            guard let process = table.removeValue(forKey: name) else { return false }
            process.shared.withLock { s in if s.name == name { s.name = nil } }
            return true
        }
    }

    func whereis(_ name: Atom) -> LocalProcess? {
        names.withLock { $0[name] }
    }

    var registered: [Atom] { names.withLock { Array($0.keys) }.sorted() }

    /// Called by an exiting process for the name it held.
    func release(_ name: Atom, of process: LocalProcess) {
        names.withLock { table in
            if table[name] === process { table.removeValue(forKey: name) }
        }
    }
}
