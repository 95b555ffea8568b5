import OTP

// This program is one node; `elixirtour node start kvpeer` in a child OS process is the other.
let node = try await Node.start("client", cookie: "tour")
let peer = try TourPeerNode.start("kvpeer", cookie: "tour", epmdPort: node.options.epmdPort)

try await Runtime.run {
    print("ping: :\(try await Node.ping(peer.name).name)")

    // The peer's echo process answers {pid, msg} with {:echo, msg}.
    send("echo", node: peer.name, .tuple(.pid(selfPid()), .string("hello")))
    print("echo answered: \(try await receive(Term.self))")

    // Its kv GenServer, called exactly as GenServer.call({:kv, node}, request) does.
    let kv = RemoteGenServer.Address.name("kv", node: peer.name)
    print("put: \(try await RemoteGenServer.call(kv, .tuple(.atom("put"), .atom("lang"), .string("Swift"))))")
    print("get: \(try await RemoteGenServer.call(kv, .tuple(.atom("get"), .atom("lang"))))")
    print("get missing: \(try await RemoteGenServer.call(kv, .tuple(.atom("get"), .atom("nothing"))))")
}

peer.stop()
await node.stop()
