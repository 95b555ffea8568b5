import OTP

let node = try await Node.start("watcher", cookie: "tour")
let peer = try TourPeerNode.start("doomed", cookie: "tour", epmdPort: node.options.epmdPort)

try await Runtime.run {
    print("ping: :\(try await Node.ping(peer.name).name)")
    Node.monitor(peer.name)                                // {:nodedown, node} when it goes
    let ref = Node.monitor(name: "echo", on: peer.name)    // {:DOWN, ref, :process, {:echo, node}, reason}

    peer.kill()                                            // SIGKILL: the whole node dies at once
    print("killed the peer's OS process")

    let nodeDown = try await receive(NodeDown.self)
    print("got \(nodeDown)")
    let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
    print("the monitor of echo fired with \(down.reason)")
    print("connected now: \(Node.list().map(\.name))")
}

await node.stop()
