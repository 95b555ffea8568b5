import OTP
import Foundation

// Buckets spread over two nodes, found by the first letter of their name. This program is the
// node `router` and owns the buckets from a to m; the node `buckets_nz` owns n to z. When
// `elixir` is installed, buckets_nz is a real Elixir node in its own OS process; otherwise it is a
// second Swift node in this program. The router cannot tell the difference: it only sends calls.

// One node's buckets, in one GenServer registered as :buckets. It takes plain terms, the way a
// call from another node arrives: {:put, bucket, key, value} answers :ok, {:get, bucket, key}
// the value or nil, and :buckets the names of the buckets it holds.
struct Buckets: GenServer {
    typealias State = [String: [String: Term]]
    typealias Call = Term
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    static func handleCall(_ request: Term, from: From, state buckets: State) async throws -> CallResult<Self> {
        var buckets = buckets
        if case (.atom("put"), let bucket, let key, let value)? = request.asTuple(), let bucket = bucket.stringValue, let key = key.stringValue {
            buckets[bucket, default: [:]][key] = value
            return .reply(.ok, buckets)
        }
        if case (.atom("get"), let bucket, let key)? = request.asTuple(), let bucket = bucket.stringValue, let key = key.stringValue {
            return .reply(buckets[bucket]?[key] ?? .nil, buckets)
        }
        return .reply(.list(buckets.keys.sorted().map { .string($0) }), buckets)
    }
}

let router = try await Node.start("router", cookie: "tour")
let peer = try await startPeer("buckets_nz", epmdPort: router.options.epmdPort)
let nz = peer.name

// The routing table: a range of first letters, and the node that owns those buckets.
struct Router {
    let table: [(letters: ClosedRange<Character>, node: Atom)]

    func owner(of bucket: String) -> Atom? {
        guard let first = bucket.first else { return nil }
        return table.first { $0.letters.contains(first) }?.node
    }

    // GenServer.call({:buckets, node}, request): the same call whether the node is this one or not.
    func route(_ bucket: String, _ request: Term) async throws -> Term {
        guard let node = owner(of: bucket) else { throw ProcessExit(reason: .tuple(.atom("no_route"), .string(bucket))) }
        return try await RemoteGenServer.call(.name("buckets", node: node), request)
    }
}

let kv = Router(table: [("a"..."m", router.name), ("n"..."z", nz)])
func alive(_ node: Atom) -> String { String(node.name.prefix { $0 != "@" }) }

try await Runtime.run {
    _ = try await Buckets.start(name: "buckets")
    print("routing table: a..m -> \(alive(router.name)), n..z -> \(alive(nz))")
    for bucket in ["groceries", "shopping"] {
        print("\(bucket.debugDescription) is owned by \(alive(kv.owner(of: bucket)!))")
    }
    print("put groceries eggs 12: \(try await kv.route("groceries", .tuple(.atom("put"), .string("groceries"), .string("eggs"), .int(12))))")
    print("put shopping milk 3: \(try await kv.route("shopping", .tuple(.atom("put"), .string("shopping"), .string("milk"), .int(3))))")
    print("get shopping milk: \(try await kv.route("shopping", .tuple(.atom("get"), .string("shopping"), .string("milk"))))")
    print("get groceries eggs: \(try await kv.route("groceries", .tuple(.atom("get"), .string("groceries"), .string("eggs"))))")
    print("get shopping bread: \(try await kv.route("shopping", .tuple(.atom("get"), .string("shopping"), .string("bread"))))")
    for node in [router.name, nz] {
        print("\(alive(node)) holds \(try await RemoteGenServer.call(.name("buckets", node: node), .atom("buckets")))")
    }

    // A disconnection is not a crash: monitors across it fire, but both nodes keep their buckets,
    // and the next call connects again.
    let ref = Node.monitor(name: "buckets", on: nz)
    print("disconnect: \(await Node.disconnect(nz))")
    let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
    print("the monitor of {:buckets, \(alive(nz))} fired with \(down.reason)")
    print("get shopping milk after the disconnect: \(try await kv.route("shopping", .tuple(.atom("get"), .string("shopping"), .string("milk"))))")
    print("connected again: \(Node.list().map(alive))")
}

await peer.stop()
await router.stop()

// MARK: starting the other node

/// The node that owns n..z: a real Elixir node when `elixir` is on the PATH, else a Swift node in
/// this program. Both run the same Buckets server, registered as :buckets.
enum Peer {
    case elixir(Atom, input: Pipe)
    case swift(DistributedNode)

    var name: Atom {
        switch self {
        case .elixir(let name, _): name
        case .swift(let node): node.name
        }
    }

    func stop() async {
        switch self {
        case .elixir(_, let input): try? input.fileHandleForWriting.close()
        case .swift(let node): await node.stop()
        }
    }
}

func startPeer(_ alive: String, epmdPort: Int) async throws -> Peer {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    guard let elixir = path.split(separator: ":").map({ "\($0)/elixir" }).first(where: FileManager.default.isExecutableFile) else {
        let node = try await Node.start(alive, cookie: "tour", runtime: Runtime(schedulers: 1))
        try await node.runtime.run { _ = try await Buckets.start(name: "buckets") }
        return .swift(node)
    }
    // The Elixir node defines the same server, says "ready", and stops when its input closes
    // (when this program ends, however it ends).
    let script = """
        defmodule Buckets do
          use GenServer
          def init(buckets), do: {:ok, buckets}
          def handle_call({:put, bucket, key, value}, _from, buckets),
            do: {:reply, :ok, Map.update(buckets, bucket, %{key => value}, &Map.put(&1, key, value))}
          def handle_call({:get, bucket, key}, _from, buckets), do: {:reply, get_in(buckets, [bucket, key]), buckets}
          def handle_call(:buckets, _from, buckets), do: {:reply, buckets |> Map.keys() |> Enum.sort(), buckets}
        end
        {:ok, _} = GenServer.start(Buckets, %{}, name: :buckets)
        IO.puts("ready")
        IO.read(:stdio, :line)
        """
    let process = Foundation.Process()
    process.executableURL = URL(fileURLWithPath: elixir)
    process.arguments = ["--sname", alive, "--cookie", "tour", "-e", script]
    process.environment = ProcessInfo.processInfo.environment.merging(["ERL_EPMD_PORT": String(epmdPort)]) { $1 }
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("ready\n") {
        let more = output.fileHandleForReading.availableData
        if more.isEmpty { throw ProcessExit(reason: .tuple(.atom("elixir_node_failed"), .string(String(decoding: seen, as: UTF8.self)))) }
        seen.append(more)
    }
    return .elixir(Atom("\(alive)@\(NodeOptions.shortHostName)"), input: input)
}
