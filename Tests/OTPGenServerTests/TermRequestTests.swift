import OTPCore
import Testing

@testable import OTPGenServer

/// Calls and casts that arrive as plain terms, as they do from another node (Elixir's
/// `GenServer.call({name, node}, request)`): a `Codable` request type reads them with the term
/// mapping, the reply goes back as `{tag, reply}` with the tag echoed, and a term that is not a
/// request of the server's type reaches `handleInfo`.
@Suite struct TermRequestTests {
    init() { _ = crashReports }

    struct Stack: GenServer {
        typealias State = [String]
        enum Call: Codable, Sendable { case push(String), peek, size }
        enum Cast: Codable, Sendable { case clear }
        typealias Reply = Term

        static func initialize(_ argument: Void) async throws -> InitResult<Self> { .ok([]) }
        static func handleCall(_ request: Call, from: From, state: [String]) async throws -> CallResult<Self> {
            switch request {
            case .push(let item): .reply(.atom("pushed"), [item] + state)
            case .peek: .reply(state.first.map { Term.string($0) } ?? .nil, state)
            case .size: .reply(.int(state.count), state)
            }
        }
        static func handleCast(_ request: Cast, state: [String]) async throws -> NoReplyResult<Self> { .noreply([]) }
        static func handleInfo(_ message: any Sendable, state: [String]) async throws -> NoReplyResult<Self> {
            if let term = message as? Term, case .tuple(let items) = term, items.first == .atom("$gen_call"),
                case .tuple(let from) = items[1], case .pid(let caller) = from[0]
            {
                send(caller, Term.tuple([from[1], .atom("not_understood")]))
            }
            return .noreply(state)
        }
    }

    @Test func termCallsAndCastsReachTypedCallbacks() async throws {
        let rt = Runtime.deterministic(seed: 11)
        let replies = try await rt.run { () -> [Term] in
            let server = try await Stack.start().get()
            let me = selfPid()
            // OTP 25's tag: the improper list [:alias | ref].
            let aliasTag = Term.improperList([.atom("alias")], tail: .ref(Ref.make()))
            let plainTag = Term.ref(Ref.make())
            func ask(_ request: Term, tag: Term) async throws -> Term {
                send(server, Term.tuple([.atom("$gen_call"), .tuple([.pid(me), tag]), request]))
                return try await receive(Term.self) { term in
                    guard case .tuple(let items) = term, items.count == 2, items[0] == tag else { return nil }
                    return items[1]
                }
            }
            var replies: [Term] = []
            replies.append(try await ask(.tuple([.atom("push"), .string("a")]), tag: aliasTag))
            replies.append(try await ask(.tuple([.atom("push"), .string("b")]), tag: plainTag))
            replies.append(try await ask(.atom("peek"), tag: plainTag))
            send(server, Term.tuple([.atom("$gen_cast"), .atom("clear")]))
            replies.append(try await ask(.atom("size"), tag: plainTag))
            replies.append(try await ask(.tuple([.atom("pop"), .int(1)]), tag: plainTag))
            // A typed call from Swift still works beside them.
            replies.append(try await Stack.call(server, .size))
            return replies
        }
        #expect(replies == [.atom("pushed"), .atom("pushed"), .string("b"), .int(0), .atom("not_understood"), .int(0)])
    }
}
