import OTP

/// The :pg scope the chat uses, started on every node by the tests.
let chatScope: Atom = "chat"

/// The :pg group of a room: the tuple `{:room, name}`.
func roomGroup(_ room: String) -> Term { .tuple(.atom("room"), .string(room)) }

/// Puts the calling process in the room `room`.
func joinRoom(_ room: String) async throws {
    try await PG.join(roomGroup(room), selfPid(), scope: chatScope)
}

/// Sends `{:said, room, from, text}` to every other member of `room` on every node, once each,
/// and returns how many it sent it to.
func say(_ room: String, _ text: String) async throws -> Int {
    let me = selfPid()
    var seen: Set<Pid> = [me]
    var sent = 0
    for pid in PG.getMembers(roomGroup(room), scope: chatScope) where seen.insert(pid).inserted {
        send(pid, Term.tuple(.atom("said"), .string(room), .pid(me), .string(text)))
        sent += 1
    }
    return sent
}
