import OTPCore
import OTPTerms

/// Calls and casts that reach a server as plain terms, the way they arrive from another node
/// (Elixir's `GenServer.call({name, node}, request)` sends `{:"$gen_call", {pid, tag}, request}`,
/// `GenServer.cast` sends `{:"$gen_cast", request}`). The loop turns them into `handleCall` and
/// `handleCast` when the request converts to the server's `Call` or `Cast` type: a `Term` type
/// takes it as it is, a `Decodable` one reads it with `TermDecoder` (structs from maps, enums
/// from tagged tuples). A reply goes back as `{tag, reply}`, the tag echoed exactly as it came,
/// the reply converted with `TermEncoder` when it is `Encodable`.
///
/// Threading: value types, used inside the server's process.
enum RemoteRequests {
    struct Call {
        let caller: Pid
        let tag: Term
        let request: Term
    }

    static func call(_ message: any Sendable) -> Call? {
        guard let term = message as? Term, case .tuple(let items) = term, items.count == 3,
            items[0] == .atom("$gen_call"), case .tuple(let from) = items[1], from.count == 2,
            case .pid(let caller) = from[0]
        else { return nil }
        return Call(caller: caller, tag: from[1], request: items[2])
    }

    static func cast(_ message: any Sendable) -> Term? {
        guard let term = message as? Term, case .tuple(let items) = term, items.count == 2,
            items[0] == .atom("$gen_cast")
        else { return nil }
        return items[1]
    }

    /// `request` as the server's request type `R`, or nil when it cannot be one.
    static func convert<R>(_ request: Term, to type: R.Type) -> R? {
        if let same = request as? R { return same }
        guard let decodable = type as? any Decodable.Type else { return nil }
        return try? TermDecoder().decode(decodable, from: request) as? R
    }

    /// A reply as a term for another node.
    static func term(of value: any Sendable) -> Term {
        if let term = value as? Term { return term }
        if let convertible = value as? TermConvertible { return convertible.term }
        if let encodable = value as? any Encodable, let term = try? TermEncoder().encode(encodable) { return term }
        return termOf(value)
    }
}
