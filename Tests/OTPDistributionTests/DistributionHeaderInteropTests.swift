import Foundation
import OTPCore
import Synchronization
import Testing

@testable import OTPDistribution

/// A Swift node and a real Elixir node with the distribution header agreed on: both offer
/// `DFLAG_DIST_HDR_ATOM_CACHE` and `DFLAG_FRAGMENTS`, so the BEAM sends its atoms through the
/// atom cache and a message of more than 64 KiB of terms in fragments, and the Swift node does
/// the same back. (OTP 25 sends a 1 MiB binary in one frame: it fragments by the size of the
/// encoded terms without their large binaries, which it writes by reference. A Swift node
/// fragments any frame over 64 KiB, binaries included.)
/// Reported as skipped when `elixir` is not installed (outside CI: see `RequiredTools`).
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct DistributionHeaderInteropTests {
    /// What the Swift side saw: the agreed flags, and the connection's header and fragment counts.
    struct Seen: Sendable {
        var flags: DistributionFlags = []
        var headerFrames = 0
        var joined = 0
        var fragmentedSent = 0
    }

    @Test func aMegabyteBinaryAndManyAtomsGoBothWays() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swifth1")
        let elixirNode = Atom("elixirh1@\(NodeOptions.shortHostName)")
        let ready = AsyncStream<Void>.makeStream()
        let counts = AsyncStream<Seen>.makeStream()
        runtime.spawn {
            try Process.register(selfPid(), as: "bulk")
            ready.continuation.yield()
            // Four requests: a binary to echo reversed, a long list of integers, then twice a
            // list of atoms.
            for round in 0..<4 {
                if round == 3 {
                    // Read while the Elixir node is still connected (it ends after the last answer).
                    var seen = Seen()
                    if let connection = node.existingConnection(elixirNode) {
                        seen.flags = connection.flags
                        seen.headerFrames = connection.headerFramesReceived.load(ordering: .relaxed)
                        seen.joined = connection.joinedMessagesReceived.load(ordering: .relaxed)
                        seen.fragmentedSent = connection.fragmentedMessagesSent
                    }
                    counts.continuation.yield(seen)
                    counts.continuation.finish()
                }
                let request = try await receive(Term.self)
                guard case .tuple(let items) = request, items.count == 3, case .pid(let from) = items[1] else { continue }
                switch (items[0], items[2]) {
                case (.atom("blob"), .binary(let bytes)):
                    let sum = bytes.reduce(0) { $0 + Int($1) }
                    send(from, Term.tuple([.atom("got"), .int(bytes.count), .int(sum), .binary(bytes.reversed())]))
                case (.atom("list"), .list(let numbers)):
                    let sum = numbers.reduce(0) { total, term in if case .int(let n) = term { total + n } else { total } }
                    send(from, Term.tuple([.atom("list_back"), .int(numbers.count), .int(sum), .list(numbers.reversed())]))
                case (.atom("atoms"), .list(let atoms)):
                    let names = atoms.compactMap { term -> String? in if case .atom(let a) = term { a.name } else { nil } }
                    let mine: [Term] = (1...300).map { .atom(Atom("swift_atom_\($0)")) }
                    send(from, Term.tuple([.atom("atoms_back"), .int(names.count), .atom(Atom(names.last ?? "")), .list(mine)]))
                default:
                    continue
                }
            }
        }
        for await _ in ready.stream { break }
        let script = """
            swift = :"\(node.name.name)"
            bin = :binary.list_to_bin(for i <- 0..1_048_575, do: rem(i * 31, 256))
            send({:bulk, swift}, {:blob, self(), bin})
            receive do
              {:got, size, sum, back} ->
                expected = Enum.sum(:binary.bin_to_list(bin))
                reversed = bin |> :binary.bin_to_list() |> Enum.reverse() |> :binary.list_to_bin()
                IO.puts("blob #{size} #{sum == expected} #{back == reversed}")
            after 60000 -> IO.puts("no blob answer")
            end
            numbers = Enum.to_list(1..300_000)
            send({:bulk, swift}, {:list, self(), numbers})
            receive do
              {:list_back, count, sum, back} ->
                IO.puts("list #{count} #{sum == Enum.sum(numbers)} #{back == Enum.reverse(numbers)}")
            after 60000 -> IO.puts("no list answer")
            end
            for round <- 1..2 do
              atoms = for i <- 1..300, do: String.to_atom("elixir_atom_#{i}")
              send({:bulk, swift}, {:atoms, self(), atoms})
              receive do
                {:atoms_back, count, last, mine} ->
                  ok = mine == Enum.map(1..300, &String.to_atom("swift_atom_#{&1}"))
                  IO.puts("atoms #{round} #{count} #{last} #{ok}")
              after 60000 -> IO.puts("no atoms answer")
              end
            end
            """
        let output = try await ElixirInteropTests.runElixir(elixir, name: "elixirh1", cookie: cookie, epmd: epmd, script: script, limit: 150)
        counts.continuation.finish()
        var seen = Seen()
        for await value in counts.stream { seen = value }
        await node.stop()
        #expect(output.contains("blob 1048576 true true"), "\(output)")
        #expect(output.contains("list 300000 true true"), "\(output)")
        #expect(output.contains("atoms 1 300 elixir_atom_300 true"), "\(output)")
        #expect(output.contains("atoms 2 300 elixir_atom_300 true"), "\(output)")
        #expect(seen.flags.isSuperset(of: [.distHdrAtomCache, .fragments]), "agreed flags 0x\(String(seen.flags.rawValue, radix: 16))")
        // Frames from the BEAM had a header; its long list came in fragments; our 1 MiB binary
        // and our long list went in fragments.
        #expect(seen.headerFrames >= 20, "\(seen)")
        #expect(seen.joined >= 1, "\(seen)")
        #expect(seen.fragmentedSent >= 2, "\(seen)")
    }
}
