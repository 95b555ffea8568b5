/// The EPMD requests and answers a node uses (port 4369, each request with a 2-byte length
/// first; answers without one).
///
/// Threading: value types; safe to share.
package enum EPMDRequest: Sendable, Hashable {
    /// ALIVE2_REQ (120): register `name` as listening on `port`.
    case register(EPMDNodeInfo)
    /// PORT_PLEASE2_REQ (122): where does `name` listen?
    case lookup(name: String)
    /// NAMES_REQ (110): every registered name and port.
    case names

    static let registerTag: UInt8 = 120
    static let lookupTag: UInt8 = 122
    static let namesTag: UInt8 = 110

    /// The request's body (without the length prefix).
    public var body: [UInt8] {
        switch self {
        case .register(let info):
            var out: [UInt8] = [Self.registerTag]
            out.appendU16(info.port)
            out.append(info.nodeType)
            out.append(info.protocolNumber)
            out.appendU16(info.highestVersion)
            out.appendU16(info.lowestVersion)
            let name = Array(info.name.utf8)
            out.appendU16(UInt16(truncatingIfNeeded: name.count))
            out.append(contentsOf: name)
            out.appendU16(UInt16(truncatingIfNeeded: info.extra.count))
            out.append(contentsOf: info.extra)
            return out
        case .lookup(let name):
            return [Self.lookupTag] + Array(name.utf8)
        case .names:
            return [Self.namesTag]
        }
    }

    /// Parses a request body; nil for anything malformed or not understood.
    public static func parse(_ body: ArraySlice<UInt8>) -> EPMDRequest? {
        var reader = ByteReader(body)
        switch reader.u8() {
        case registerTag:
            guard let port = reader.u16(), let type = reader.u8(), let proto = reader.u8(),
                let high = reader.u16(), let low = reader.u16(),
                let nameLength = reader.u16(), let nameBytes = reader.take(Int(nameLength)),
                let name = String(validating: nameBytes, as: UTF8.self), !name.isEmpty,
                let extraLength = reader.u16(), let extra = reader.take(Int(extraLength)), reader.isAtEnd
            else { return nil }
            return .register(
                EPMDNodeInfo(
                    name: name, port: port, nodeType: type, protocolNumber: proto,
                    highestVersion: high, lowestVersion: low, extra: Array(extra)))
        case lookupTag:
            let rest = reader.rest()
            guard !rest.isEmpty, let name = String(validating: rest, as: UTF8.self) else { return nil }
            return .lookup(name: name)
        case namesTag:
            return reader.isAtEnd ? .names : nil
        default:
            return nil
        }
    }
}

/// What EPMD knows of a node: its short name (before the `@`), port and versions.
///
/// Threading: a value type; safe to share.
package struct EPMDNodeInfo: Sendable, Hashable {
    public var name: String
    public var port: UInt16
    /// 77 for a normal node, 72 for a hidden one.
    public var nodeType: UInt8
    /// 0: TCP/IPv4.
    public var protocolNumber: UInt8
    public var highestVersion: UInt16
    public var lowestVersion: UInt16
    public var extra: [UInt8]

    public static let normalNode: UInt8 = 77
    public static let hiddenNode: UInt8 = 72

    public init(
        name: String, port: UInt16, nodeType: UInt8 = hiddenNode, protocolNumber: UInt8 = 0,
        highestVersion: UInt16 = 6, lowestVersion: UInt16 = 6, extra: [UInt8] = []
    ) {
        self.name = name
        self.port = port
        self.nodeType = nodeType
        self.protocolNumber = protocolNumber
        self.highestVersion = highestVersion
        self.lowestVersion = lowestVersion
        self.extra = extra
    }
}

/// EPMD's answers.
///
/// Threading: value types; safe to share.
package enum EPMDResponse: Sendable, Hashable {
    /// ALIVE2_X_RESP (118): result 0 and the node's creation on success.
    case registered(result: UInt8, creation: UInt32)
    /// PORT2_RESP (119): the node's information, or nil when the name is not registered.
    case port(EPMDNodeInfo?)

    static let registeredTag: UInt8 = 118
    static let oldRegisteredTag: UInt8 = 121
    static let portTag: UInt8 = 119

    public var bytes: [UInt8] {
        switch self {
        case .registered(let result, let creation):
            var out: [UInt8] = [Self.registeredTag, result]
            out.appendU32(creation)
            return out
        case .port(nil):
            return [Self.portTag, 1]
        case .port(let info?):
            var out: [UInt8] = [Self.portTag, 0]
            out.appendU16(info.port)
            out.append(info.nodeType)
            out.append(info.protocolNumber)
            out.appendU16(info.highestVersion)
            out.appendU16(info.lowestVersion)
            let name = Array(info.name.utf8)
            out.appendU16(UInt16(truncatingIfNeeded: name.count))
            out.append(contentsOf: name)
            out.appendU16(UInt16(truncatingIfNeeded: info.extra.count))
            out.append(contentsOf: info.extra)
            return out
        }
    }

    /// Parses an answer from the bytes received so far: `.incomplete` when more are needed.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> EPMDParse {
        var reader = ByteReader(bytes)
        guard let tag = reader.u8() else { return .incomplete }
        switch tag {
        case registeredTag:
            guard let result = reader.u8(), let creation = reader.u32() else { return .incomplete }
            return .response(.registered(result: result, creation: creation))
        case oldRegisteredTag:
            guard let result = reader.u8(), let creation = reader.u16() else { return .incomplete }
            return .response(.registered(result: result, creation: UInt32(creation)))
        case portTag:
            guard let result = reader.u8() else { return .incomplete }
            if result != 0 { return .response(.port(nil)) }
            guard let port = reader.u16(), let type = reader.u8(), let proto = reader.u8(),
                let high = reader.u16(), let low = reader.u16(), let nameLength = reader.u16(),
                let nameBytes = reader.take(Int(nameLength)), let extraLength = reader.u16(),
                let extra = reader.take(Int(extraLength))
            else { return .incomplete }
            guard let name = String(validating: nameBytes, as: UTF8.self) else { return .malformed }
            return .response(
                .port(
                    EPMDNodeInfo(
                        name: name, port: port, nodeType: type, protocolNumber: proto,
                        highestVersion: high, lowestVersion: low, extra: Array(extra))))
        default:
            return .malformed
        }
    }
}

/// The outcome of parsing an EPMD answer.
package enum EPMDParse: Sendable, Hashable {
    case response(EPMDResponse)
    case incomplete
    case malformed
}
