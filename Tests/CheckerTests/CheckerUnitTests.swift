import Foundation
import Testing
import TourWire

@testable import Checker

@Suite struct DigestTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(FieldDigest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FieldDigest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(FieldDigest.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func theCacheKeyChangesWithEveryInput() {
        let base = VerdictCache.Inputs(
            learner: Array("a".utf8), tests: Array("t".utf8), entryPoint: "main", arguments: ["-wmo"],
            dependencies: [], limits: RunLimits(timeoutSeconds: 5))
        var learner = base
        learner.learner = Array("b".utf8)
        var tests = base
        tests.tests = Array("u".utf8)
        var limits = base
        limits.limits = RunLimits(timeoutSeconds: 6)
        var arguments = base
        arguments.arguments = ["-O"]
        let keys = [base, learner, tests, limits, arguments].map(VerdictCache.key)
        #expect(Set(keys).count == keys.count)
        #expect(VerdictCache.key(base) == VerdictCache.key(base))
    }
}

@Suite struct DiagnosticParserTests {
    @Test func pointsErrorsAtTheLearnersFileWithTheSourceLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checker-diag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let learner = folder.appendingPathComponent("ping.swift")
        let compiledTests = folder.appendingPathComponent("ExerciseTests.swift")
        try "import OTP\nlet x: Int = \"no\"\n".write(to: learner, atomically: true, encoding: .utf8)
        try "let tests = [pingServer()]\n".write(to: compiledTests, atomically: true, encoding: .utf8)
        let output = """
            \(learner.path):2:14: error: cannot convert value of type 'String' to specified type 'Int'
            let x: Int = "no"
                         ^
            \(compiledTests.path):1:14: error: cannot find 'pingServer' in scope
            """
        let original = URL(fileURLWithPath: "/lessons/ping/tests.swift")
        let diagnostics = DiagnosticParser.parse(output, learner: learner, tests: (compiledTests, original))
        #expect(diagnostics.count == 2)
        #expect(diagnostics[0].origin == .learner)
        #expect(diagnostics[0].line == 2 && diagnostics[0].column == 14)
        #expect(diagnostics[0].sourceLine == "let x: Int = \"no\"")
        #expect(diagnostics[1].origin == .tests)
        #expect(diagnostics[1].file == original.path)
        #expect(diagnostics[1].sourceLine == "let tests = [pingServer()]")
    }
}

@Suite struct ResultsChannelParsingTests {
    @Test func onlyLinesWithTheRunsTokenCount() {
        let lines = """
            {"token":"secret","event":"start","tests":["a"]}
            {"token":"forged","event":"test","index":0,"status":"pass"}
            {"event":"test","index":0,"status":"pass"}
            not json at all
            {"token":"secret","event":"test","index":0,"status":"fail"}
            """
        let records = ProgramRunner.records(Array(lines.utf8), token: "secret")
        #expect(records.count == 2)
        #expect(records[1].status == .fail)
    }

    @Test func aRecordWrittenByTheHarnessReadsBackWhole() {
        var record = ResultRecord(token: "secret", event: .test)
        record.index = 2
        record.name = "answers \"ping\"\nwith :pong"
        record.status = .fail
        record.message = "expected :pong"
        record.expected = ":pong"
        record.actual = ":pang"
        record.testLine = 12
        record.stuck = true
        record.threw = false
        record.waited = true
        record.seconds = 1.5
        record.processes = [
            ProcessRecord(
                pid: "#PID<0.81.0>", registeredName: ":server", testName: "server", status: "waiting",
                waitingIn: "receive at ping.swift:6 for Term", mailboxLength: 1, messages: ["{:ping, #PID<0.80.0>}"],
                links: ["#PID<0.80.0>"], monitors: [], monitoredBy: ["#PID<0.80.0>"], trapExit: true, reductions: 3)
        ]
        record.trace = ["test send server :ping"]
        record.events = [EventRecord(sequence: 0, time: 5, kind: .send, pid: "#PID<0.80.0>", other: "#PID<0.81.0>", detail: ":ping")]
        record.names = ["#PID<0.80.0>": "the test"]
        record.expectedSends = [ExpectedMessage(from: nil, to: "#PID<0.80.0>", text: ":pong")]
        record.matchedSends = 0
        record.outputStdout = 0
        record.outputStderr = 4
        record.outputEndStdout = 10
        record.outputEndStderr = 4
        let line = WireLine.text(record)
        #expect(!line.contains("\n"), "one record is one line")
        let read = ProgramRunner.records(Array((line + "\n").utf8), token: "secret")
        #expect(read == [record])
    }

    @Test func anEventOfAnUnknownKindIsLeftOutNotTheRecord() {
        let line =
            ##"{"token":"t","event":"test","index":0,"status":"fail","events":[{"sequence":0,"time":0,"kind":"teleport","pid":"#PID<0.1.0>"},{"sequence":1,"time":0,"kind":"send","pid":"#PID<0.1.0>"}]}"##
        let read = ProgramRunner.records(Array(line.utf8), token: "t")
        #expect(read.count == 1)
        #expect(read.first?.events?.map(\.kind) == [.send])
    }
}

@Suite struct OutputNormalizerTests {
    @Test func pidsReferencesAndTrailingSpaceGo() {
        let text = "{:hello, #PID<0.123.0>}  \n#Reference<0.1.2.3> and #PID<1.2.3>\n\n"
        #expect(OutputNormalizer.normalize(text) == "{:hello, #PID<…>}\n#Reference<…> and #PID<…>")
    }

    @Test func somethingThatOnlyLooksLikeAPidStays() {
        #expect(OutputNormalizer.normalize("#PID<abc>") == "#PID<abc>")
    }
}

@Suite struct LineDiffTests {
    @Test func showsRemovedAndAddedLines() {
        let diff = LineDiff.lines(from: "a\nb\nc\n", to: "a\nx\nc\n")
        #expect(diff == [.same("a"), .added("x"), .removed("b"), .same("c")])
        #expect(LineDiff.unified(from: "same\n", to: "same\n", oldName: "a", newName: "b").isEmpty)
        let text = LineDiff.unified(from: "a\nb\n", to: "a\nc\n", oldName: "yours", newName: "reference")
        #expect(text.contains("- b") && text.contains("+ c") && text.contains("--- yours"))
    }
}

@Suite struct ExercismResultsTests {
    @Test func hasTheResultsJSONShape() throws {
        let result = CheckResult(
            status: .fail, summary: "1 of 2 tests did not pass.",
            tests: [
                TestOutcome(
                    name: "a", status: .pass, message: nil, expected: nil, actual: nil, output: "", testLine: nil,
                    processes: nil, trace: nil, timedOut: false),
                TestOutcome(
                    name: "b", status: .fail, message: "the reply", expected: ":pong", actual: ":pang", output: "hi\n",
                    testLine: 12, processes: nil, trace: nil, timedOut: false),
            ],
            diagnostics: [], crash: nil, notes: [], compileSeconds: 0, runSeconds: 0, cached: false)
        let json = try JSONSerialization.jsonObject(with: Data(ExercismResults(result).json().utf8)) as? [String: Any]
        #expect(json?["version"] as? Int == 2)
        #expect(json?["status"] as? String == "fail")
        let tests = json?["tests"] as? [[String: Any]]
        #expect(tests?.count == 2)
        #expect(tests?[1]["status"] as? String == "fail")
        #expect((tests?[1]["message"] as? String)?.contains("expected: :pong") == true)
        #expect(tests?[1]["output"] as? String == "hi\n")
    }
}

@Suite struct ResidentMemoryTests {
    @Test func readsTheResidentPagesFromAStatmLine() {
        #expect(ResidentMemory.parse(ArraySlice("5021 1320 800 12 0 3000 0\n".utf8)) == 1320)
        #expect(ResidentMemory.parse(ArraySlice("5021".utf8)) == nil)
        #expect(ResidentMemory.parse(ArraySlice("5021 x12 0".utf8)) == nil)
    }

    @Test func readsThisProcesssOwnResidentMemory() throws {
        let bytes = try #require(ResidentMemory.bytes(of: getpid()))
        // A test process has at least a few MiB resident and far less than the machine.
        #expect(bytes > 1 << 20)
        #expect(bytes < 64 << 30)
        #expect(ResidentMemory.bytes(of: -1) == nil)
    }

    @Test func aResidentMemoryVerdictSaysHowMuchAndTheLimit() {
        let grader = Grader(learnerFile: URL(fileURLWithPath: "/tmp/ping.swift"), limits: RunLimits(timeoutSeconds: 5))
        let crash = grader.crash(.exceededMemory(residentBytes: 530 << 20), stderr: [], test: "t")
        #expect(crash.message.contains("ran out of memory"))
        #expect(crash.message.contains("530 MiB"))
        #expect(crash.message.contains("limit of 512 MiB"))
        #expect(crash.signal == nil)
    }
}

@Suite struct ValueDifferenceTests {
    @Test func aOneLineDifferenceIsMarkedByWholeWords() throws {
        let span = try #require(ValueDifference.differingSpan(":pong", ":pang"))
        #expect(":pang"[span.actual] == ":pang")
        let tuple = try #require(ValueDifference.differingSpan("{:ok, 12}", "{:ok, 13}"))
        #expect("{:ok, 13}"[tuple.actual] == "13")
        #expect(ValueDifference.differingSpan("same", "same") == nil)
        let lines = ValueDifference(expected: "{:ok, 12}", actual: "{:ok, 13}", color: false).lines(indent: "")
        #expect(lines == ["expected: {:ok, 12}", "actual:   {:ok, 13}", "                ^^"])
    }

    @Test func severalLinesShowOnlyTheLinesThatDiffer() {
        let lines = ValueDifference(expected: "\"a\nb\nc\"", actual: "\"a\nx\nc\"", color: false).lines(indent: "")
        #expect(lines == ["expected (-) and actual (+), line by line:", "  a", "- b", "+ x", "  c"])
    }

    @Test func runtimeFramesAndModuleNamesAreNotShown() {
        #expect(
            CheckReport.runtimeWait("receive at OTPGenServer/GenServerLoop.swift:55 for any message")
                == "its GenServer loop, waiting for a call, a cast or a message")
        #expect(CheckReport.plainNames("ExerciseProgram.Packet.Content.text(\"BEAM\")") == "Packet.Content.text(\"BEAM\")")
        #expect(CheckReport.plainNames("Swift.Optional<Swift.Int>") == "Optional<Int>")
    }
}
