import OTP

/// Builds a ring of `size` processes (size 1 or more), passes a token round it `rounds` times,
/// then stops every process of the ring, and returns the number of passes the token counted.
///
/// The ring: process 0 passes to process 1, 1 to 2, …, and the last one to process 0 again.
/// The token is a number: the caller gives `0` to process 0, and each process that receives
/// the token passes it to its next one with one added. After `size * rounds` passes the token
/// is back at process 0 for the last time: that process sends the number (an `Int`) to the
/// caller, which returns it. Then every process of the ring ends normally.
///
/// The tests watch the runtime's trace: they check that exactly `size` processes were spawned,
/// that each one only ever passed the token to one neighbour, that the neighbours form one
/// circle, and that every process has ended once `ring` returns.
///
/// Right now there is no ring at all: no process is spawned and the answer is 0.
///
/// TODO:
/// - spawn `size` processes; each first waits to be told its next process, then passes the
///   token on (or reports to the caller when it reaches `size * rounds`) until told to stop;
/// - send each process its next one, give the token to the first, and `receive` the answer.
func ring(size: Int, rounds: Int) async throws -> Int {
    return 0
}
