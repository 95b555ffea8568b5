import OTP
import TourHarness

/// A port nothing listens on now (the system picks it; the test closes it again).
func freePort() async throws -> Int {
    let probe = try await GenTCP.listen(0, ip: "127.0.0.1")
    let port = probe.port
    await GenTCP.close(probe)
    return port
}

/// Starts the learner's server on a free port, or fails the test saying why not.
func start(_ t: TestContext) async throws -> (root: Pid, port: Int) {
    CrashReports.isEnabled = false   // the tests kill processes on purpose
    let port = try await freePort()
    let root: Pid
    do {
        root = try await startKV(port: port)
    } catch {
        try t.fail("startKV(port: \(port)) should start the server, but it failed: \(error)")
    }
    t.name(root, "kv")
    return (root, port)
}

/// A client connection to the server, retried for up to a second (a restarted listener takes a
/// moment to open its port again).
func connect(_ port: Int, _ what: String, _ t: TestContext) async throws -> Socket {
    var last = TCPError.econnrefused
    for _ in 1...50 {
        do {
            return try await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: .line, active: false, timeout: .seconds(1))
        } catch let error as TCPError {
            last = error
            try await Process.sleep(.milliseconds(20))
        }
    }
    try t.fail("\(what): connecting to 127.0.0.1:\(port) should succeed, but it gave \(last) for a second")
}

/// Sends `line` and reads the answer: lines up to and with "OK", "NOT FOUND" or a line that
/// starts with "ERROR".
func ask(_ client: Socket, _ line: String, _ t: TestContext) async throws -> String {
    do {
        try GenTCP.send(client, line + "\n")
        var answer = ""
        for _ in 1...5 {
            let data = try await GenTCP.recv(client, 0, timeout: .seconds(2))
            let text = String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self)
            answer += text
            if isLastLine(text) { break }
        }
        return answer
    } catch let error as TCPError {
        try t.fail("the client sent \(line.debugDescription) and should get an answer, but its connection gave \(error)")
    }
}

/// Whether `line` ends an answer: "OK", "NOT FOUND", or an "ERROR …" line.
func isLastLine(_ line: String) -> Bool {
    line == "OK\n" || line == "NOT FOUND\n" || (line.hasPrefix("ERROR") && line.hasSuffix("\n"))
}

/// Expects `answer` to be one line starting with "ERROR " (the protocol's answer to a line
/// that is not a command).
func expectError(_ answer: String, _ what: String, _ t: TestContext) throws {
    let oneLine = answer.hasSuffix("\n") && answer.dropLast().firstIndex(of: "\n") == nil
    try t.expect(answer.hasPrefix("ERROR ") && oneLine, "\(what) should be one line starting with ERROR, such as \"ERROR unknown command\\n\", but it was \(answer.debugDescription)")
}

/// Expects the server to have closed this client's connection.
func expectClosed(_ client: Socket, _ what: String, _ t: TestContext) async throws {
    do {
        let data = try await GenTCP.recv(client, 0, timeout: .seconds(2))
        try t.fail("\(what), but the client read \(data)")
    } catch let error as TCPError {
        try t.expect(error == .closed, "\(what), but the client's read gave \(error) instead of {:error, :closed}")
    }
}

/// The pid of the running child with this id under `supervisor`.
func child(_ id: Term, of supervisor: Pid, _ t: TestContext) async throws -> Pid {
    let children = try await Supervisor.whichChildren(supervisor)
    let found = try t.unwrap(children.first { $0.id == id }, "the root supervisor should have a child with the id \(id); its children are \(children.map(\.id.description))")
    let pid = try t.unwrap(found.pid, "the child \(id) should be running")
    t.name(pid, id.description)
    return pid
}

/// The handlers running under `:kv_connections`.
func handlers(_ t: TestContext) async throws -> Set<Pid> {
    do {
        return Set(try await DynamicSupervisor.whichChildren("kv_connections").compactMap(\.pid))
    } catch {
        try t.fail("the server should have a DynamicSupervisor named :kv_connections, but asking it for its children failed: \(error)")
    }
}

/// Kills `pid` and waits until it is gone.
func kill(_ pid: Pid, _ what: String, _ t: TestContext) async throws {
    let ref = Process.monitor(pid)
    Process.exit(pid, .atom("kill"))
    _ = try await t.receive(Down.self, within: .seconds(2), "\(what), killed with :kill, should exit") { $0.ref == ref ? $0 : nil }
}

/// Like `ask`, but nil when the connection is gone (its handler was killed) instead of failing.
func tryAsk(_ client: Socket, _ line: String) async -> String? {
    do {
        try GenTCP.send(client, line + "\n")
        var answer = ""
        for _ in 1...5 {
            let data = try await GenTCP.recv(client, 0, timeout: .seconds(2))
            let text = String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self)
            answer += text
            if isLastLine(text) { break }
        }
        return answer
    } catch {
        return nil
    }
}

/// The runtime's process count once it has stopped changing for 100 ms (a closed client's
/// handler takes a moment to end), within two seconds.
func settledProcessCount(_ t: TestContext) async throws -> Int {
    var last = t.processCount
    var same = 0
    for _ in 1...100 where same < 5 {
        try await Process.sleep(.milliseconds(20))
        let now = t.processCount
        same = now == last ? same + 1 : 0
        last = now
    }
    return last
}

let tests: [Test] = [
    Test("it speaks the protocol over TCP") { t in
        let (_, port) = try await start(t)
        let client = try await connect(port, "a client", t)
        try t.expectEqual(try await ask(client, "CREATE shopping", t), "OK\n", "the answer to CREATE shopping")
        try t.expectEqual(try await ask(client, "PUT shopping milk 3", t), "OK\n", "the answer to PUT shopping milk 3")
        try t.expectEqual(try await ask(client, "GET shopping milk", t), "3\nOK\n", "the answer to GET shopping milk")
        try t.expectEqual(try await ask(client, "GET nowhere milk", t), "NOT FOUND\n", "the answer to GET on a bucket nobody created")
        try expectError(try await ask(client, "FLY away", t), "the answer to FLY away", t)
    },
    Test("clients share the buckets, each served by a handler of its own") { t in
        let (_, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        let bob = try await connect(port, "bob", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "3\nOK\n", "bob's GET shopping milk after ada put it")
        try t.expectEqual(try await handlers(t).count, 2, "the handlers under :kv_connections with two clients connected")
    },
    Test("a killed bucket is lost; other buckets and every client carry on") { t in
        let (_, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        let bob = try await connect(port, "bob", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        _ = try await ask(bob, "CREATE chores", t)
        _ = try await ask(bob, "PUT chores dishes 1", t)
        let shopping = try t.unwrap(try Registry.lookup("kv_names", "shopping").first?.pid, "the bucket \"shopping\" should be registered in :kv_names")
        try await kill(shopping, "the bucket \"shopping\"", t)
        try t.expectEqual(try await ask(ada, "GET shopping milk", t), "NOT FOUND\n", "ada's GET shopping milk after the bucket was killed (buckets are temporary: it is gone)")
        try t.expectEqual(try await ask(ada, "GET chores dishes", t), "1\nOK\n", "ada's GET chores dishes (another bucket) after \"shopping\" was killed")
        try t.expectEqual(try await ask(bob, "GET chores dishes", t), "1\nOK\n", "bob's GET chores dishes after \"shopping\" was killed")
        try t.expectEqual(try await ask(ada, "CREATE shopping", t), "OK\n", "ada's CREATE shopping again")
        try t.expectEqual(try await ask(ada, "GET shopping milk", t), "\nOK\n", "GET shopping milk in the new, empty bucket")
    },
    Test("a killed handler disconnects its client only; the listener still accepts") { t in
        let (_, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        _ = try await ask(ada, "CREATE shopping", t)
        let adas = try await handlers(t)
        try t.expectEqual(adas.count, 1, "the handlers under :kv_connections with one client connected")
        let bob = try await connect(port, "bob", t)
        _ = try await ask(bob, "PUT shopping milk 3", t)
        try await kill(adas.first!, "ada's handler", t)
        try await expectClosed(ada, "after its handler was killed, ada's connection should be closed", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "3\nOK\n", "bob's GET shopping milk after ada's handler was killed")
        let cy = try await connect(port, "a new client after ada's handler was killed", t)
        try t.expectEqual(try await ask(cy, "GET shopping milk", t), "3\nOK\n", "a new client's GET shopping milk")
        try t.expectEqual(try await handlers(t).count, 2, "the handlers under :kv_connections: bob's and the new client's (a killed handler is not restarted: its client is gone)")
    },
    Test("a killed listener comes back on the same port; open connections carry on") { t in
        let (root, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        let listener = try await child(.atom("listener"), of: root, t)
        try await kill(listener, "the listener", t)
        try t.expectEqual(try await ask(ada, "GET shopping milk", t), "3\nOK\n", "ada's GET shopping milk after the listener was killed (her connection has its own handler)")
        let bob = try await connect(port, "a new client after the listener was killed", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "3\nOK\n", "the new client's GET shopping milk (the buckets are untouched)")
        let again = try await child(.atom("listener"), of: root, t)
        try t.expect(again != listener, "the root supervisor should have started a new listener")
    },
    Test("a killed bucket supervisor takes the buckets and connections with it; the registry stays") { t in
        let (root, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        let bucket = try t.unwrap(try Registry.lookup("kv_names", "shopping").first?.pid, "the bucket \"shopping\" should be registered in :kv_names")
        let registry = try await child(.atom("kv_names"), of: root, t)
        let buckets = try await child(.atom("buckets"), of: root, t)
        try await kill(buckets, "the bucket supervisor", t)
        try await expectClosed(ada, "after the bucket supervisor was killed, everything after it restarts (rest_for_one): ada's connection should be closed", t)
        try t.expect(!Process.isAlive(bucket), "the bucket \"shopping\" should be gone with its supervisor")
        let registryAfter = try await child(.atom("kv_names"), of: root, t)
        try t.expect(registryAfter == registry, "the registry comes before the bucket supervisor: it should not have been restarted")
        let bob = try await connect(port, "a new client after the bucket supervisor was killed", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "NOT FOUND\n", "GET shopping milk after the bucket supervisor was killed (every bucket went with it)")
        try t.expectEqual(try await ask(bob, "CREATE shopping", t), "OK\n", "CREATE shopping on the restarted buckets")
        try t.expectEqual(try await ask(bob, "PUT shopping milk 4", t), "OK\n", "PUT shopping milk 4 on the restarted buckets")
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "4\nOK\n", "GET shopping milk on the restarted buckets")
        try t.expect(Process.isAlive(root), "the root supervisor should still be running")
    },
    Test("under faults: killing buckets and handlers at random loses no acknowledged write to a surviving bucket", timeout: .seconds(40)) { t in
        let (root, port) = try await start(t)
        let owners = ["ada", "bob", "cy"]
        let setup = try await connect(port, "the client creating the buckets", t)
        for name in owners {
            try t.expectEqual(try await ask(setup, "CREATE \(name)", t), "OK\n", "CREATE \(name)")
        }
        await GenTCP.close(setup)
        let level = try await settledProcessCount(t)

        // Each client writes to its own bucket, so a killed bucket shows as NOT FOUND at its
        // owner's next PUT; `acked` holds what the server acknowledged to the bucket there is now.
        var clients: [String: Socket] = [:]
        var acked: [String: [String: String]] = [:]
        for name in owners {
            clients[name] = try await connect(port, name, t)
            acked[name] = [:]
        }
        for round in 1...24 {
            for name in owners {
                let line = "PUT \(name) k\(round) v\(round)"
                var answer = await tryAsk(clients[name]!, line)
                if answer == nil {
                    // Its handler was killed: the client connects again (within the restart time).
                    await GenTCP.close(clients[name]!)
                    clients[name] = try await connect(port, "\(name), connecting again after its handler was killed", t)
                    answer = try await ask(clients[name]!, line, t)
                }
                if answer == "NOT FOUND\n" {
                    // Its bucket was killed (temporary: gone with what it held); start a new one.
                    try t.expectEqual(try await ask(clients[name]!, "CREATE \(name)", t), "OK\n", "CREATE \(name) after its bucket was killed")
                    acked[name] = [:]
                    answer = try await ask(clients[name]!, line, t)
                }
                try t.expectEqual(answer, "OK\n", "\(name)'s \(line)")
                acked[name]![ "k\(round)"] = "v\(round)"
            }
            if round % 4 == 0 {
                // A bucket or a handler: a child of :kv_buckets or :kv_connections (so neither the
                // listener nor the registry's partitions, which are workers too).
                let parents = [Process.whereis("kv_buckets"), Process.whereis("kv_connections")]
                try await t.killRandomProcess(under: root, "a bucket or a handler", where: { parents.contains($0.supervisor) })
                let started = ContinuousClock.now
                let probe = try await connect(port, "a client right after a kill", t)
                try t.expectEqual(try await ask(probe, "GET nowhere k", t), "NOT FOUND\n", "a new client's GET right after a kill")
                let took = ContinuousClock.now - started
                try t.expect(took < .seconds(1), "after a kill the server should answer again within a second, but it took \(took)")
                await GenTCP.close(probe)
            }
        }
        let reader = try await connect(port, "the client reading back", t)
        for name in owners {
            // A bucket killed after its owner's last PUT is not there (nor started again): skip it.
            guard try await ask(reader, "GET \(name) k0", t) != "NOT FOUND\n" else { continue }
            for (key, value) in acked[name]!.sorted(by: { $0.key < $1.key }) {
                try t.expectEqual(try await ask(reader, "GET \(name) \(key)", t), "\(value)\nOK\n", "GET \(name) \(key): the server acknowledged PUT \(name) \(key) \(value), and no later PUT \(name) answered NOT FOUND, so the bucket was not lost and should still hold it")
            }
        }
        await GenTCP.close(reader)
        for client in clients.values { await GenTCP.close(client) }
        try await t.expectProcessCount(returnsTo: level, "with every client gone, the server should hold no more processes than before the clients came (a handler per connection ends with it)")
    },
    Test("a client that drops its connection mid-command leaves no process behind", trace: true) { t in
        let (_, port) = try await start(t)
        let setup = try await connect(port, "the first client", t)
        _ = try await ask(setup, "CREATE shopping", t)
        await GenTCP.close(setup)
        let level = try await settledProcessCount(t)
        for partial in ["PUT shopping mi", "GET shop", "CRE"] {
            try await t.dropMidCommand(port: port, partial: partial)
        }
        try await t.expectProcessCount(returnsTo: level, "after three clients each sent half a command and closed, their handlers should be gone")
        let bob = try await connect(port, "a client after the dropped ones", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "\nOK\n", "GET shopping milk: no half-sent PUT should have reached the bucket")
    },
    Test("a malformed line gets an error answer and the connection stays up") { t in
        let (_, port) = try await start(t)
        let client = try await connect(port, "a client", t)
        _ = try await ask(client, "CREATE shopping", t)
        for line in ["PUT shopping milk", "", "GET", "PUT shopping milk 3 4", "\u{00}\u{07}", "FLY away"] {
            try expectError(try await ask(client, line, t), "the answer to the malformed line \(line.debugDescription)", t)
            try t.expectEqual(try await ask(client, "GET nowhere milk", t), "NOT FOUND\n", "GET nowhere milk right after the malformed line \(line.debugDescription), on the same connection")
        }
        do {
            try GenTCP.send(client, [0xFF, 0xFE, 0x20, 0xC3, 0x0A])
            let data = try await GenTCP.recv(client, 0, timeout: .seconds(2))
            try expectError(String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self), "the answer to a line of bytes that are not UTF-8", t)
        } catch let error as TCPError {
            try t.fail("after a line of bytes that are not UTF-8 the connection should stay up, but it gave \(error)")
        }
        try t.expectEqual(try await ask(client, "PUT shopping milk 3", t), "OK\n", "PUT shopping milk 3 after the malformed lines, on the same connection")
        try t.expectEqual(try await ask(client, "GET shopping milk", t), "3\nOK\n", "GET shopping milk after the malformed lines, on the same connection")
    },
    Test("started as an application, it stops as one") { t in
        CrashReports.isEnabled = false
        let port = try await freePort()
        try Application.load(Application.Spec("kv", start: { _ in .ok(try await startKV(port: port)) }))
        do {
            try await Application.ensureAllStarted("kv")
        } catch {
            try t.fail("Application.ensureAllStarted(\"kv\") with a start of startKV(port: \(port)) failed: \(error)")
        }
        let client = try await connect(port, "a client of the application", t)
        try t.expectEqual(try await ask(client, "CREATE shopping", t), "OK\n", "CREATE shopping on the application's server")
        try await Application.stop("kv")
        try await expectClosed(client, "after Application.stop(\"kv\") the client's connection should be closed", t)
        do {
            let late = try await GenTCP.connect("127.0.0.1", port, timeout: .seconds(1))
            try t.fail("after Application.stop(\"kv\") nothing should listen on the port, but a client connected: \(late)")
        } catch let error as TCPError {
            try t.expectEqual(error, .econnrefused, "connecting after Application.stop(\"kv\")")
        }
    },
]
