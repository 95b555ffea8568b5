import Foundation
import Testing
import TourWire

@testable import TourObserver

/// The observer's wire format as the tour reads it: every record type, fields left out, and
/// everything a broken or hostile program could write instead.
@Suite("Observer wire format")
struct ObserverWireTests {
    static let snapshot =
        ##"{"type":"processes","time":5,"total":3,"processes":[{"pid":"#PID<0.80.0>","registeredName":":a","status":"waiting","waitingIn":"receive at x.swift:3 for Term","mailboxLength":2,"messages":[":hi",":ho"],"links":["#PID<0.81.0>"],"monitors":[],"monitoredBy":[],"trapExit":true,"reductions":7},{"pid":"#PID<0.81.0>","status":"running"}]}"##

    @Test func readsEveryRecordType() {
        let text = [
            ##"{"type":"hello","protocol":1,"mode":"live"}"##,
            ##"{"type":"event","sequence":0,"time":10,"kind":"spawn","pid":"#PID<0.80.0>","other":"#PID<0.81.0>"}"##,
            Self.snapshot,
            ##"{"type":"reply","command":"kill #PID<0.81.0>","ok":true,"detail":"sent :kill to #PID<0.81.0>"}"##,
        ].joined(separator: "\n")
        let messages = ObserverWire.decodeAll(Array(text.utf8))
        #expect(messages.count == 4)
        #expect(messages[0] == .hello(protocol: 1, mode: "live"))
        #expect(messages[1] == .event(EventRecord(sequence: 0, time: 10, kind: .spawn, pid: "#PID<0.80.0>", other: "#PID<0.81.0>")))
        guard case .processes(let time, let processes, let total) = messages[2] else {
            Issue.record("not a picture: \(messages[2])")
            return
        }
        #expect(time == 5 && total == 3)
        #expect(processes.count == 2)
        #expect(
            processes[0]
                == ProcessRecord(
                    pid: "#PID<0.80.0>", registeredName: ":a", status: "waiting",
                    waitingIn: "receive at x.swift:3 for Term", mailboxLength: 2,
                    messages: [":hi", ":ho"], links: ["#PID<0.81.0>"], trapExit: true, reductions: 7))
        // Only pid and status are required.
        #expect(processes[1] == ProcessRecord(pid: "#PID<0.81.0>", status: "running"))
        #expect(messages[3] == .reply(command: "kill #PID<0.81.0>", ok: true, detail: "sent :kill to #PID<0.81.0>"))
    }

    @Test func linesSplitAcrossReadsAreJoined() {
        var wire = ObserverWire()
        let bytes = Array((Self.snapshot + "\n").utf8)
        var messages: [ObserverMessage] = []
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            messages += wire.append(bytes[chunk..<min(bytes.count, chunk + 7)])
        }
        #expect(messages.count == 1)
        #expect(wire.skippedLines == 0)
    }

    @Test func malformedLinesAreSkippedAndCounted() {
        let bad = [
            "hello, I am the learner's println",
            "{",
            "{}",
            ##"{"type":42}"##,
            ##"{"type":"mystery","x":1}"##,
            ##"{"type":"event","kind":"teleport","pid":"#PID<0.1.0>","sequence":0,"time":0}"##,
            ##"{"type":"event","kind":"send","sequence":0,"time":-1,"pid":"#PID<0.1.0>"}"##,
            ##"{"type":"processes","time":1,"processes":[{"status":"running"}]}"##,
            ##"{"type":"processes","time":1,"processes":"many"}"##,
            ##"{"type":"hello","protocol":"one","mode":"live"}"##,
            ##"{"type":"reply","ok":true}"##,
            String(decoding: [0xFF, 0xFE, 0x00, 0x7B], as: UTF8.self),
            "[1,2,3]",
        ]
        var wire = ObserverWire()
        let good = ##"{"type":"hello","protocol":1,"mode":"trace"}"##
        let messages = wire.append(Array((bad + [good, ""]).joined(separator: "\n").utf8))
        #expect(messages == [.hello(protocol: 1, mode: "trace")])
        #expect(wire.skippedLines == bad.count)
    }

    @Test func aLineWithoutEndIsDroppedPastTheLimitAndReadingGoesOn() {
        var wire = ObserverWire()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var messages: [ObserverMessage] = []
        for _ in 0..<(ObserverWire.maxLineBytes / chunk.count + 2) { messages += wire.append(chunk) }
        #expect(messages.isEmpty)
        #expect(wire.skippedLines == 1)
        // The rest of the long line, then a good one: only the good one is read.
        messages += wire.append(Array("tail of the long line\n{\"type\":\"hello\",\"protocol\":1,\"mode\":\"live\"}\n".utf8))
        #expect(messages == [.hello(protocol: 1, mode: "live")])
        #expect(wire.skippedLines == 1)
    }

    @Test func aNewerProtocolIsReadAndFlagged() {
        var observer = LiveObserver(title: "x")
        observer.receive(Array(##"{"type":"hello","protocol":2,"mode":"live","extra":[1]}"##.utf8) + [10])
        #expect(observer.protocolWarning?.contains("protocol 2") == true)
        observer.receive(Array((Self.snapshot.replacingOccurrences(of: ##""time":5"##, with: ##""time":5,"newField":{"a":1}"##) + "\n").utf8))
        #expect(observer.processes.count == 2)
    }
}
