/// The embedded registrar's state: what `epmd` does, as a pure value the network edge drives.
///
/// A registration belongs to the connection that made it and ends when that connection closes
/// (`closed(connection:)`), as with the real epmd. Each registration gets a fresh creation.
///
/// Threading: a value type; the registrar's event loop owns it.
package struct EPMDRegistry: Sendable {
    public struct Registration: Sendable, Hashable {
        public let info: EPMDNodeInfo
        public let creation: UInt32
        public let connection: Int
    }

    private(set) var byName: [String: Registration] = [:]
    private var nextCreation: UInt32

    /// `firstCreation` seeds the creations handed out (the real epmd starts at a random one).
    public init(firstCreation: UInt32 = 1) {
        nextCreation = max(1, firstCreation)
    }

    public var registrations: [Registration] { byName.values.sorted { $0.info.name < $1.info.name } }

    /// What happens after a request.
    public struct Outcome: Sendable, Hashable {
        /// The bytes to answer with.
        public var reply: [UInt8]
        /// Whether to close the connection after answering (every request but a successful
        /// registration ends its connection).
        public var close: Bool
    }

    /// Handles one request body from `connection`. `epmdPort` goes into the NAMES answer.
    public mutating func handle(_ body: ArraySlice<UInt8>, connection: Int, epmdPort: UInt16 = 4369) -> Outcome {
        switch EPMDRequest.parse(body) {
        case .register(let info)?:
            if byName[info.name] != nil || byName.values.contains(where: { $0.connection == connection }) {
                return Outcome(reply: EPMDResponse.registered(result: 1, creation: 0).bytes, close: true)
            }
            let creation = nextCreation
            nextCreation = nextCreation == UInt32.max ? 1 : nextCreation + 1
            byName[info.name] = Registration(info: info, creation: creation, connection: connection)
            return Outcome(reply: EPMDResponse.registered(result: 0, creation: creation).bytes, close: false)
        case .lookup(let name)?:
            return Outcome(reply: EPMDResponse.port(byName[name]?.info).bytes, close: true)
        case .names?:
            var out: [UInt8] = []
            out.appendU32(UInt32(epmdPort))
            for registration in registrations {
                out.append(contentsOf: Array("name \(registration.info.name) at port \(registration.info.port)\n".utf8))
            }
            return Outcome(reply: out, close: true)
        case nil:
            return Outcome(reply: [], close: true)
        }
    }

    /// Forgets the registration made on `connection`, if any.
    public mutating func closed(connection: Int) {
        if let name = byName.first(where: { $0.value.connection == connection })?.key {
            byName.removeValue(forKey: name)
        }
    }
}
