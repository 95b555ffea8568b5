import OTP

// Write `joinRoom(_:)` and `say(_:_:)`: a chat whose rooms are :pg groups shared by every node
// of the cluster. Details and TODO: the comments below.

/// The :pg scope the chat uses. The tests start it on every node (`PG.start("chat")`, Elixir's
/// `:pg.start_link(:chat)`); pass it as `scope: chatScope` to every `PG` function.
let chatScope: Atom = "chat"

/// The :pg group of a room: the tuple `{:room, name}`.
func roomGroup(_ room: String) -> Term { .tuple(.atom("room"), .string(room)) }

/// Puts the calling process in the room `room` (a process may be in several rooms).
///
/// Elixir: `:pg.join(:chat, {:room, room}, self())`
///
/// TODO: join the room's group in the chat's scope.
func joinRoom(_ room: String) async throws {
}

/// Sends `{:said, room, from, text}` (`from` being the caller's pid) to every member of `room`,
/// on **every** node of the cluster, and returns how many processes it sent it to.
///
/// The tests put members in a room on three nodes and expect:
/// - every member on every node gets the message **once**: a process that joined the room
///   twice is listed twice by `:pg.get_members`, and must still hear it once;
/// - the speaker (the caller, itself a member) does not get its own message, and is not counted;
/// - members of other rooms get nothing;
/// - a room with nobody else in it: nothing is sent, and `say` returns 0;
/// - where elixir is installed, a member on a real Elixir node (same scope, same group) hears
///   it too, and what the Elixir node says to the room reaches your members.
///
/// Right now it sends to the members on this node only, the speaker and the doubles included.
///
/// Elixir:
///     for pid <- Enum.uniq(:pg.get_members(:chat, {:room, room})), pid != self() do
///       send(pid, {:said, room, self(), text})
///     end
func say(_ room: String, _ text: String) async throws -> Int {
    let members = PG.getLocalMembers(roomGroup(room), scope: chatScope)
    for pid in members {
        send(pid, Term.tuple(.atom("said"), .string(room), .pid(selfPid()), .string(text)))
    }
    return members.count
}
