import OTP
import TourHarness

/// Starts the registry and the supervisor the buckets need.
func startBuckets() async throws {
    try await Registry.startLink(keys: .unique, name: "bucket_names")
    _ = try await DynamicSupervisor.startLink(name: "bucket_sup").get()
}

/// Runs the commands on these lines, one after the other, and returns their answers.
func answers(_ lines: [String], _ t: TestContext) async throws -> [String] {
    var out: [String] = []
    for line in lines {
        let command = try t.unwrap(parse(line), "parse(\(line.debugDescription)) should give a command")
        out.append(try await run(command))
    }
    return out
}

let tests: [Test] = [
    Test("parse reads the four commands") { t in
        try t.expectEqual(parse("CREATE shopping"), .create(bucket: "shopping"), "parse(\"CREATE shopping\")")
        try t.expectEqual(parse("PUT shopping milk 3"), .put(bucket: "shopping", key: "milk", value: "3"), "parse(\"PUT shopping milk 3\")")
        try t.expectEqual(parse("GET shopping milk"), .get(bucket: "shopping", key: "milk"), "parse(\"GET shopping milk\")")
        try t.expectEqual(parse("DELETE shopping milk"), .delete(bucket: "shopping", key: "milk"), "parse(\"DELETE shopping milk\")")
    },
    Test("parse ignores extra spaces and the line's end") { t in
        try t.expectEqual(parse("PUT  shopping   milk 3\r\n"), .put(bucket: "shopping", key: "milk", value: "3"), "parse(\"PUT  shopping   milk 3\\r\\n\")")
        try t.expectEqual(parse("  GET shopping milk\n"), .get(bucket: "shopping", key: "milk"), "parse(\"  GET shopping milk\\n\")")
    },
    Test("parse refuses what is not a command") { t in
        for line in ["FLY away", "get shopping milk", "PUT shopping milk", "GET shopping", "CREATE", "CREATE a b", "", "\r\n"] {
            try t.expectEqual(parse(line), nil, "parse(\(line.debugDescription)) (not a command)")
        }
    },
    Test("CREATE, PUT and GET answer as the protocol says", mode: .deterministic(seed: 1)) { t in
        try await startBuckets()
        let got = try await answers(["CREATE shopping", "PUT shopping milk 3", "GET shopping milk"], t)
        try t.expectEqual(got, ["OK\n", "OK\n", "3\nOK\n"], "the answers to CREATE shopping, PUT shopping milk 3, GET shopping milk")
    },
    Test("a key that is not there reads as an empty line; DELETE removes a key", mode: .deterministic(seed: 2)) { t in
        try await startBuckets()
        let got = try await answers(["CREATE shopping", "GET shopping eggs", "PUT shopping eggs 6", "DELETE shopping eggs", "GET shopping eggs"], t)
        try t.expectEqual(got, ["OK\n", "\nOK\n", "OK\n", "OK\n", "\nOK\n"], "the answers to CREATE, GET of a missing key, PUT, DELETE, GET of the deleted key")
    },
    Test("only CREATE creates a bucket: the others answer NOT FOUND", mode: .deterministic(seed: 3)) { t in
        try await startBuckets()
        let got = try await answers(["PUT nowhere milk 3", "GET nowhere milk", "DELETE nowhere milk"], t)
        try t.expectEqual(got, ["NOT FOUND\n", "NOT FOUND\n", "NOT FOUND\n"], "the answers to PUT, GET and DELETE on a bucket nobody created")
        try t.expectEqual(try Registry.lookup("bucket_names", "nowhere").count, 0, "buckets named \"nowhere\" after PUT, GET and DELETE on it (none should be made)")
    },
    Test("CREATE of an existing bucket keeps it and its keys", mode: .deterministic(seed: 4)) { t in
        try await startBuckets()
        let got = try await answers(["CREATE shopping", "PUT shopping milk 3", "CREATE shopping", "GET shopping milk"], t)
        try t.expectEqual(got, ["OK\n", "OK\n", "OK\n", "3\nOK\n"], "the answers to CREATE, PUT, CREATE of the same bucket again, GET")
    },
]
